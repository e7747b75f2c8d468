/**
 * Suggested MTA-STS files (RFC 8461): the policy body for `https://mta-sts.<domain>/.well-known/mta-sts.txt`,
 * the `_mta-sts` TXT record that announces it, and a note on hosting the file. Every text is
 * read back by our own parsers before it is offered. Pure.
 */
import { matchMxPatterns } from "../checks/mta-sts/match-mx";
import { MTA_STS_MAX_AGE_LIMIT, parseMtaStsPolicy } from "../checks/mta-sts/parse-policy";
import { parseMtaStsRecord } from "../checks/mta-sts/parse-record";
import { MTA_STS_SHORT_MAX_AGE } from "../checks/mta-sts/evaluate";
import {
  SuggestionRejectedError,
  type SuggestedMtaStsPolicy,
  type SuggestedRecord,
  type SuggestInput,
  type SuggestOptions,
} from "./types";
import { formatTxtLine, readTxtLine } from "./zone-text";

/**
 * max_age while testing: one day. RFC 8461 §3.2 asks for "weeks or greater" only to blunt attacks
 * at refresh time, which a testing policy does not defend against anyway; a short lifetime lets a
 * corrected file reach senders the next day.
 */
export const MTA_STS_TESTING_MAX_AGE = 86_400;
/**
 * max_age of a first `enforce` policy: one week, the value of RFC 8461 §3.2's own example and the
 * floor of the "weeks or greater" advice (our `mta-sts-max-age-short` threshold). Senders cache a
 * mistake in a first enforce policy for at most a week.
 */
export const MTA_STS_FIRST_ENFORCE_MAX_AGE = MTA_STS_SHORT_MAX_AGE;
/**
 * max_age once an `enforce` policy already covers every MX: two weeks, further into the "weeks or
 * greater" range of RFC 8461 §3.2, so a sender keeps the policy across a longer attack on refresh.
 * A longer max_age the operator already publishes is kept.
 */
export const MTA_STS_STEADY_ENFORCE_MAX_AGE = 1_209_600;

const normalize = (name: string): string => name.trim().toLowerCase().replace(/\.+$/, "");
const parentOf = (name: string): string => name.slice(name.indexOf(".") + 1);

/**
 * The `mx` patterns for the observed MX hosts, in their order: exact names, except that hosts
 * sharing a parent become one `*.parent` when the caller knows every name one label below that
 * parent and all of them are observed MX hosts. RFC 8461 §4.1: a wildcard matches exactly one
 * leftmost label, so without that knowledge a wildcard could admit a host that is not an MX (an
 * attacker who can add `evil.parent` to DNS, or a web host there, would be a valid MX under the
 * policy). A wildcard is never put right under a top-level label (`*.com`), and never stands for
 * a single host (an exact name is as short and stricter).
 */
export function chooseMxPatterns(hosts: readonly string[], options: SuggestOptions = {}): string[] {
  const names = [...new Set(hosts.map(normalize))];
  const observed = new Set(names);
  const wildcardFor = new Map<string, string>();
  for (const parent of new Set(names.filter((n) => n.includes(".")).map(parentOf))) {
    if (!parent.includes(".")) continue;
    const below = names.filter((n) => parentOf(n) === parent);
    if (below.length < 2) continue;
    const known = options.namesUnder?.(parent);
    if (known === undefined) continue;
    // Only names exactly one label below the parent are matched by the wildcard.
    const matched = known.map(normalize).filter((n) => n.endsWith(`.${parent}`) && !n.slice(0, -parent.length - 1).includes("."));
    if (matched.every((n) => observed.has(n))) for (const n of below) wildcardFor.set(n, `*.${parent}`);
  }
  return [...new Set(names.map((n) => wildcardFor.get(n) ?? n))];
}

function policyMode(input: SuggestInput): { mode: "enforce" | "testing"; notes: string[] } {
  const failing = input.mx.filter((h) => h.tlsOk === false);
  const unverified = input.mx.filter((h) => h.tlsOk === "unknown");
  const notes: string[] = [];
  for (const h of failing) notes.push(`${h.host} would fail enforce today (${h.reason ?? "TLS failure"}): mode testing until it is fixed.`);
  // RFC 8461 §4.2 / §5: under enforce a sender refuses an MX whose TLS it cannot validate. An MX we
  // could not reach might be fine, but enforcing what was never seen working risks losing mail.
  for (const h of unverified) notes.push(`${h.host} could not be reached from the scanner, so its TLS was not verified: mode testing until a scan sees it pass.`);
  return { mode: failing.length === 0 && unverified.length === 0 ? "enforce" : "testing", notes };
}

function stagedMaxAge(input: SuggestInput, mode: "enforce" | "testing"): number {
  if (mode === "testing") return MTA_STS_TESTING_MAX_AGE;
  const current = input.mtaSts.policy;
  // Step up only from an enforce policy that already covers every MX (nothing changes for senders).
  const steady = current?.mode === "enforce" && input.mx.every((h) => matchMxPatterns(current.mx, h.host) !== undefined);
  if (!steady) return MTA_STS_FIRST_ENFORCE_MAX_AGE;
  return Math.min(MTA_STS_MAX_AGE_LIMIT, Math.max(MTA_STS_STEADY_ENFORCE_MAX_AGE, current.maxAge));
}

/** Checks a policy body with our own parser and that every observed MX matches it (RFC 8461 §3.2, §4.1). */
export function checkSuggestedPolicy(text: string, hosts: readonly string[]): void {
  const parsed = parseMtaStsPolicy(text);
  if (!parsed.valid) throw new SuggestionRejectedError("mtaStsPolicy", parsed.errors.map((e) => e.message).join("; "));
  if (parsed.warnings.length > 0) throw new SuggestionRejectedError("mtaStsPolicy", parsed.warnings.map((w) => w.message).join("; "));
  for (const host of hosts) {
    if (matchMxPatterns(parsed.policy.mx, host) === undefined) throw new SuggestionRejectedError("mtaStsPolicy", `MX ${host} matches no mx line`);
  }
}

/**
 * The policy file: `mx` lines for every observed MX (chooseMxPatterns), mode `testing` when any
 * MX would fail `enforce` today or could not be verified, else `enforce`, and a max_age staged to
 * the mode. Lines end in LF (RFC 8461 §3.2 allows CRLF or LF; LF is what editors write).
 */
export function suggestMtaStsPolicy(input: SuggestInput, options: SuggestOptions = {}): SuggestedMtaStsPolicy {
  const hosts = input.mx.map((h) => normalize(h.host));
  if (hosts.length === 0) throw new SuggestionRejectedError("mtaStsPolicy", "no MX host is known");
  const { mode, notes } = policyMode(input);
  const maxAge = stagedMaxAge(input, mode);
  const mx = chooseMxPatterns(hosts, options);
  const text = ["version: STSv1", `mode: ${mode}`, ...mx.map((p) => `mx: ${p}`), `max_age: ${maxAge}`, ""].join("\n");
  checkSuggestedPolicy(text, hosts);
  if (mode === "enforce") notes.push(`Every MX passed TLS for enforce: mode enforce with max_age ${maxAge}.`);
  return { text, mode, maxAge, mx, notes };
}

/** `YYYYMMDDTHHMMSS` in UTC: 15 letters and digits, inside RFC 8461 §3.1's 1–32 alphanumerics. */
export function mtaStsIdAt(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "").replace(/[-:]/g, "");
}

/**
 * `_mta-sts.<domain>. IN TXT "v=STSv1; id=<id>"` with a fresh id: a new id tells senders to fetch
 * the policy again (RFC 8461 §3.1). When the published id is already the fresh one, a digit is
 * appended so the id still changes.
 */
export function suggestMtaStsRecord(input: Pick<SuggestInput, "domain" | "now" | "mtaSts">): SuggestedRecord & { id: string } {
  const base = mtaStsIdAt(input.now);
  let id = base;
  for (let n = 1; id === input.mtaSts.recordId; n++) id = `${base}${n}`;
  const text = formatTxtLine(`_mta-sts.${input.domain}`, `v=STSv1; id=${id}`);
  const read = readTxtLine(text);
  if (!read.ok) throw new SuggestionRejectedError("mtaStsRecord", read.message);
  const parsed = parseMtaStsRecord([read.text]);
  if (!parsed.valid || parsed.id !== id) throw new SuggestionRejectedError("mtaStsRecord", parsed.valid ? "id changed in the round trip" : parsed.message);
  const notes = [`Publish the record after the policy file is served: the new id (${id}) makes senders fetch the file again.`];
  return { text, id, notes };
}

/** Where and how to serve the policy (RFC 8461 §3.3), with an nginx server block. */
export function suggestHostingNote(domain: string): string {
  const host = `mta-sts.${domain}`;
  return [
    `Serve the policy at https://${host}/.well-known/mta-sts.txt (RFC 8461 §3.3):`,
    `- ${host} needs A/AAAA records and a certificate valid for ${host} from a CA senders trust (not self-signed, not expired).`,
    "- Answer with status 200 and Content-Type: text/plain. No redirects: senders must not follow them.",
    "- Put the file in place first, then publish the _mta-sts TXT record with its new id; change the id whenever the file changes.",
    "",
    "Example nginx server block:",
    "",
    "server {",
    "    listen 443 ssl;",
    "    listen [::]:443 ssl;",
    `    server_name ${host};`,
    `    ssl_certificate     /etc/ssl/${host}/fullchain.pem;`,
    `    ssl_certificate_key /etc/ssl/${host}/privkey.pem;`,
    "    root /var/www/mta-sts;",
    "",
    "    location = /.well-known/mta-sts.txt {",
    "        default_type text/plain;",
    "        types { }",
    "        try_files $uri =404;",
    "    }",
    "    location / {",
    "        return 404;",
    "    }",
    "}",
    "",
    "with the policy saved as /var/www/mta-sts/.well-known/mta-sts.txt.",
    "",
  ].join("\n");
}
