/**
 * Suggested DMARC record (RFC 7489) staged from what is published now, one step at a time:
 * nothing → `p=none` with reports → `p=quarantine` → `p=reject`, keeping the report addresses
 * and the operator's other tags. For a domain that accepts no mail: the null MX / `v=spf1 -all`
 * / `p=reject` trio. Every record is read back by our own parsers before it is offered. Pure.
 *
 * "Sends no mail" is read from what the domain itself publishes, since a scan cannot see
 * outbound mail: an SPF record that authorizes nothing (`v=spf1 -all`, RFC 7208 §5.1), or a
 * null MX (RFC 7505 §4.2: receivers may reject mail from a domain that cannot take bounces).
 * Such a domain can go to `p=reject` at once: there is no legitimate mail to lose.
 */
import { parseDmarcRecord } from "../checks/dmarc/parse-record";
import type { DmarcPolicy, DmarcRecord, DmarcUri } from "../checks/dmarc/types";
import { parseSpfRecord } from "../checks/spf/parse-record";
import { SuggestionRejectedError, type NoMailSuggestions, type SuggestedDmarc, type SuggestInput } from "./types";
import { absoluteName, formatTxtLine, readTxtLine, readZoneLine } from "./zone-text";

const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };
const NEXT: Record<DmarcPolicy, DmarcPolicy> = { none: "quarantine", quarantine: "reject", reject: "reject" };
/** Tags the staged record sets itself, or drops: pct (partial enforcement) and t (DMARCbis test mode). */
const REPLACED = new Set(["v", "p", "sp", "pct", "t"]);

export const defaultDmarcRua = (domain: string): string => `mailto:dmarc-reports@${domain}`;

/** RFC 7208 §5.1: a record whose only term is `-all` authorizes no host: the domain sends no mail. */
export function spfSaysNoMail(record: string | undefined): boolean {
  if (record === undefined) return false;
  const parsed = parseSpfRecord(record);
  const only = parsed.terms.length === 1 ? parsed.mechanisms[0] : undefined;
  return parsed.valid && only?.name === "all" && only.qualifier === "-";
}

/** Whether the domain says it sends no mail: SPF `-all` alone, or a null MX (see the file comment). */
export function sendsNoMail(input: Pick<SuggestInput, "mail" | "spf">): boolean {
  return input.mail === "null-mx" || spfSaysNoMail(input.spf.record);
}

const uriText = (u: DmarcUri): string => `${u.uri}${u.maxSize !== undefined ? `!${u.maxSize}` : ""}`;

/** The next stage: a partial pct first goes to 100 % of the same policy (RFC 7489 §6.3 pct), then one step up. */
function nextStage(current: DmarcPolicy, pct: number): DmarcPolicy {
  return current !== "none" && pct < 100 ? current : NEXT[current];
}

/** Rebuilds the domain's own record with `p` (and sp staged alongside), keeping its other valid tags in order. */
function rebuildOwn(parsed: DmarcRecord, p: DmarcPolicy, domain: string, notes: string[]): string {
  const bad = new Set(parsed.issues.flatMap((i) => (i.tag !== undefined ? [i.tag] : [])));
  const parts = ["v=DMARC1", `p=${p}`];
  if (parsed.sp !== undefined && !bad.has("sp") && parsed.sp !== p) {
    // sp moves one step at a time too; once it reaches p it is dropped (sp defaults to p, RFC 7489 §6.3).
    const sp = STRENGTH[parsed.sp] >= STRENGTH[p] ? parsed.sp : NEXT[parsed.sp];
    if (sp !== p) parts.push(`sp=${sp}`);
  }
  let hasRua = false;
  for (const [name, value] of Object.entries(parsed.tags)) {
    if (REPLACED.has(name)) continue;
    if (name === "rua" || name === "ruf") {
      const uris = (name === "rua" ? parsed.rua : parsed.ruf).map(uriText);
      if (uris.length > 0) parts.push(`${name}=${uris.join(",")}`);
      if (name === "rua") hasRua = uris.length > 0;
      continue;
    }
    if (bad.has(name)) {
      notes.push(`${name}=${value} is invalid and was left out.`);
      continue;
    }
    // Unknown tags are ignored by receivers (RFC 7489 §6.3); kept as the operator wrote them.
    parts.push(`${name}=${value}`);
  }
  if (!hasRua) {
    parts.push(`rua=${defaultDmarcRua(domain)}`);
    notes.push(`Aggregate reports go to ${defaultDmarcRua(domain)}: read them before the next step.`);
  }
  if (parsed.pct < 100) notes.push(`pct=${parsed.pct} dropped: the policy applies to all failing mail.`);
  if (parsed.t === "y") notes.push("t=y (test mode) dropped.");
  return parts.join("; ");
}

type Staged = { content: string; policy: DmarcPolicy; current?: DmarcPolicy };

function stage(input: SuggestInput, notes: string[]): Staged {
  const { domain, dmarc } = input;
  const noMail = sendsNoMail(input);
  const parsed = dmarc.parsed ?? (dmarc.record !== undefined ? (parseDmarcRecord(dmarc.record) ?? undefined) : undefined);
  if (noMail) notes.push("The domain sends no mail (SPF authorizes no host): p=reject at once, there is no legitimate mail to lose.");

  if (parsed === undefined || !parsed.usable) {
    // RFC 7489 §6.6.3: no usable record means no DMARC policy: start by collecting reports.
    if (dmarc.source !== undefined && dmarc.record === undefined) notes.push(`_dmarc.${dmarc.source} has more than one v=DMARC1 record: publish only this one.`);
    else if (dmarc.record !== undefined) notes.push(dmarc.inherited ? `The DMARC record of ${dmarc.source ?? "the organizational domain"} is not usable: ${domain} gets its own.` : "The published DMARC record is not usable: replace it.");
    const policy: DmarcPolicy = noMail ? "reject" : "none";
    if (!noMail) notes.push(`Start with p=none and read the reports sent to ${defaultDmarcRua(domain)}; then quarantine, then reject.`);
    return { content: `v=DMARC1; p=${policy}; rua=${defaultDmarcRua(domain)}`, policy };
  }

  if (dmarc.inherited) {
    const current = dmarc.policy ?? parsed.effectiveSp ?? "none";
    const policy = noMail ? "reject" : nextStage(current, parsed.pct);
    const rua = parsed.rua.map(uriText);
    notes.push(`No record at _dmarc.${domain}: the policy of ${dmarc.source ?? "the organizational domain"} applies now (${current}). This record gives ${domain} its own, one step further.`);
    return { content: `v=DMARC1; p=${policy}; rua=${rua.length > 0 ? rua.join(",") : defaultDmarcRua(domain)}`, policy, current };
  }

  const current = parsed.effectiveP ?? "none";
  const policy = noMail ? "reject" : nextStage(current, parsed.pct);
  const settled = current === "reject" && parsed.pct === 100 && parsed.issues.length === 0 && parsed.t !== "y" && parsed.rua.length > 0 && (parsed.sp === undefined || parsed.sp === "reject");
  if (settled) {
    notes.push("p=reject is in force: keep the record as it is.");
    return { content: parsed.record, policy, current };
  }
  if (policy !== current) notes.push(`Next step from p=${current}: p=${policy}. Move on once the aggregate reports show that all of your own mail passes DMARC.`);
  return { content: rebuildOwn(parsed, policy, domain, notes), policy, current };
}

function checkDmarc(text: string, policy: DmarcPolicy, domain: string): void {
  const read = readTxtLine(text);
  if (!read.ok) throw new SuggestionRejectedError("dmarcRecord", read.message);
  if (read.owner !== `_dmarc.${domain}`) throw new SuggestionRejectedError("dmarcRecord", `owner ${read.owner} is not _dmarc.${domain}`);
  const parsed = parseDmarcRecord(read.text);
  if (parsed === null) throw new SuggestionRejectedError("dmarcRecord", "not a v=DMARC1 record");
  if (!parsed.usable || parsed.issues.length > 0) throw new SuggestionRejectedError("dmarcRecord", parsed.issues.map((i) => i.message).join("; ") || "not usable");
  if (parsed.effectiveP !== policy || parsed.pct !== 100) throw new SuggestionRejectedError("dmarcRecord", `reads back as p=${parsed.effectiveP} pct=${parsed.pct}`);
}

/** `_dmarc.<domain>. IN TXT "v=DMARC1; p=…"`, one stage further than what applies now (see the file comment). */
export function suggestDmarcRecord(input: SuggestInput): SuggestedDmarc {
  const notes: string[] = [];
  const staged = stage(input, notes);
  const text = formatTxtLine(`_dmarc.${input.domain}`, staged.content);
  checkDmarc(text, staged.policy, input.domain);
  return { text, policy: staged.policy, ...(staged.current !== undefined ? { current: staged.current } : {}), notes };
}

/**
 * The trio for a domain that accepts no mail: null MX (RFC 7505 §3), SPF authorizing no host
 * (RFC 7208 §5.1) and DMARC p=reject (RFC 7489 §6.3). No rua at the domain itself: a domain with a
 * null MX cannot receive the reports; addresses elsewhere in a current record are kept.
 */
export function suggestNoMailRecords(input: SuggestInput): NoMailSuggestions {
  const { domain } = input;
  const notes: string[] = [];
  const current = input.dmarc.inherited ? undefined : input.dmarc.parsed ?? (input.dmarc.record ? parseDmarcRecord(input.dmarc.record) ?? undefined : undefined);
  const outside = (current?.rua ?? []).filter((u) => u.host !== undefined && u.host !== domain && !u.host.endsWith(`.${domain}`)).map(uriText);
  const dmarcContent = `v=DMARC1; p=reject${outside.length > 0 ? `; rua=${outside.join(",")}` : ""}`;
  const nullMxRecord = `${absoluteName(domain)} IN MX 0 .`;
  const spfRecord = formatTxtLine(domain, "v=spf1 -all");
  const dmarcRecord = formatTxtLine(`_dmarc.${domain}`, dmarcContent);

  const mx = readZoneLine(nullMxRecord, "MX");
  // RFC 7505 §3: a null MX is exactly one MX record with preference 0 and exchange ".".
  if (!mx.ok || mx.line === null || mx.line.rdata.join(" ") !== "0 .") throw new SuggestionRejectedError("nullMxRecord", "does not read back as MX 0 .");
  const spf = readTxtLine(spfRecord);
  if (!spf.ok || !spfSaysNoMail(spf.text)) throw new SuggestionRejectedError("spfRecord", "does not read back as v=spf1 -all");
  checkDmarc(dmarcRecord, "reject", domain);

  notes.push(
    input.mail === "null-mx"
      ? "The domain publishes a null MX: it accepts no mail. Publish all three records so nobody can send mail in its name either."
      : "The domain has no MX and no address, so it cannot receive mail. If that is intended, say so with a null MX and lock sending down with SPF and DMARC.",
  );
  return { kind: "no-mail", nullMxRecord, spfRecord, dmarcRecord, notes };
}
