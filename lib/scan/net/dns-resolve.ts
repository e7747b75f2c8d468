/**
 * Turns replies into one DnsAnswer: CNAME chains (in the reply and by asking for the target),
 * DNSSEC-bogus detection with the CD bit, and the weakest-link DNSSEC state of the chain.
 */
import { DNS_MAX_CNAME_CHAIN } from "../defaults";
import { exchange, type ExchangeResult, type ExchangeSettings } from "./dns-exchange";
import type { DnsAnswer, DnsDnssec, DnsRecord, RRType } from "./dns-types";
import { RCODE } from "./dns-wire";
import { RR_TYPE_CODES, type WireMessage } from "./dns-wire-read";

const STRENGTH: Record<DnsDnssec, number> = { bogus: 0, insecure: 1, secure: 2 };

/** A chain is only as trustworthy as its weakest link: bogus < insecure < secure. */
export function weakest(a: DnsDnssec, b: DnsDnssec): DnsDnssec {
  return STRENGTH[a] <= STRENGTH[b] ? a : b;
}

type Step =
  | { kind: "answer"; message: WireMessage; dnssec: DnsDnssec }
  | Extract<ExchangeResult, { kind: "failure" }>;

function authenticated(result: Extract<ExchangeResult, { kind: "answer" }>): Step {
  return { ...result, dnssec: result.message.ad ? "secure" : "insecure" };
}

async function lookupStep(name: string, type: RRType, settings: ExchangeSettings, signal: AbortSignal): Promise<Step> {
  const first = await exchange(name, type, false, settings, signal);
  if (first.kind === "answer") return authenticated(first);
  if (first.outcome !== "servfail") return first;
  // RFC 4035 §3.2.2: a validating resolver answers SERVFAIL for data that fails validation, and
  // with CD set returns that data unchecked. SERVFAIL plain + an answer with CD = bogus (spec
  // "dnssec-bogus"). Policy: the outcome is the CD answer's, the state is "bogus".
  const unchecked = await exchange(name, type, true, settings, signal);
  if (unchecked.kind !== "answer") return first;
  // One more plain query tells a passing failure (say, an upstream timeout) from a validation
  // failure, which repeats; a false "bogus" would raise a critical finding.
  const again = await exchange(name, type, false, settings, signal);
  if (again.kind === "answer") return authenticated(again);
  return { kind: "answer", message: unchecked.message, dnssec: "bogus" };
}

/** Resolves name/type through the resolvers; `signal` carries the lookup's absolute deadline. */
export async function resolveChain(name: string, type: RRType, settings: ExchangeSettings, signal: AbortSignal): Promise<DnsAnswer> {
  const cnames: string[] = [];
  const seen = new Set([name]);
  let current = name;
  let dnssec: DnsDnssec = "secure";
  for (;;) {
    const step = await lookupStep(current, type, settings, signal);
    if (step.kind === "failure") {
      // No data, so no DNSSEC state to speak of; "insecure" claims nothing.
      return { name, type, outcome: step.outcome, dnssec: "insecure", records: [], cnames, error: step.error };
    }
    dnssec = weakest(dnssec, step.dnssec);
    const walk = walkAnswer(step.message, current, type, seen, cnames);
    if ("error" in walk) return { name, type, outcome: "error", dnssec, records: [], cnames, error: walk.error, chainError: walk.chainError };
    current = walk.name;
    if (walk.records.length > 0) return { name, type, outcome: "ok", dnssec, records: walk.records, cnames };
    // RFC 6604 §3: in a reply with a CNAME chain the RCODE speaks of the last name.
    if (step.message.rcode === RCODE.NXDOMAIN) return { name, type, outcome: "nxdomain", dnssec, records: [], cnames };
    // A chain that ends in a CNAME with no SOA (so no NODATA proof, RFC 2308 §2.2) comes from a
    // server that did not chase the target as RFC 1034 §4.3.2 step 3a asks: ask for it ourselves.
    const nodataProof = step.message.authorities.some((r) => r.type === RR_TYPE_CODES.SOA);
    if (walk.followed && !nodataProof) continue;
    return { name, type, outcome: "nodata", dnssec, records: [], cnames };
  }
}

type Walk = { name: string; records: DnsRecord[]; followed: boolean } | { error: string; chainError: NonNullable<DnsAnswer["chainError"]> };

/** Follows the CNAMEs inside one reply from `start`; extends `seen` and `cnames` as it goes. */
function walkAnswer(message: WireMessage, start: string, type: RRType, seen: Set<string>, cnames: string[]): Walk {
  let name = start;
  let followed = false;
  for (;;) {
    const here = message.answers.flatMap((rr) => (rr.name === name && rr.record ? [rr.record] : []));
    const records = here.filter((r) => r.type === type);
    if (records.length > 0 || type === "CNAME") return { name, records, followed };
    const aliases = here.flatMap((r) => (r.type === "CNAME" ? [r.target] : []));
    if (aliases.length === 0) return { name, records, followed };
    // RFC 2181 §10.1: a name has at most one CNAME record.
    if (aliases.length > 1) return { error: `several CNAME records at ${name}`, chainError: "several-cnames" };
    const target = aliases[0] as string;
    if (seen.has(target)) return { error: `CNAME loop at ${target}`, chainError: "cname-loop" };
    if (cnames.length >= DNS_MAX_CNAME_CHAIN) return { error: `CNAME chain longer than ${DNS_MAX_CNAME_CHAIN}`, chainError: "chain-too-long" };
    seen.add(target);
    cnames.push(target);
    name = target;
    followed = true;
  }
}
