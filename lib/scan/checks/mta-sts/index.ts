/** MTA-STS (RFC 8461): record lookup and parsing, policy fetch and parsing, MX pattern matching, evaluation. */
import type { DnsClient } from "../../net/dns-types";
import { evaluateMtaSts } from "./evaluate";
import { lookupMtaStsRecord } from "./lookup-record";
import type { MtaStsPolicyFetch, MtaStsRecordLookup, MtaStsResult, MxTlsVerdict } from "./types";

export { lookupMtaStsRecord } from "./lookup-record";
export { parseMtaStsRecord, isMtaStsCandidate, type TxtInput } from "./parse-record";
export { parseMtaStsPolicy, MTA_STS_MAX_AGE_LIMIT } from "./parse-policy";
export { matchMxPattern, matchMxPatterns } from "./match-mx";
export { evaluateMtaSts, MTA_STS_SHORT_MAX_AGE } from "./evaluate";
export type * from "./types";

/** Fetches the policy from `https://mta-sts.<domain>/.well-known/mta-sts.txt` (production: fetchMtaStsPolicy). */
export type PolicyFetcher = (input: { domain: string; signal?: AbortSignal }) => Promise<MtaStsPolicyFetch>;

/** What MTA-STS collects: the `_mta-sts` record and the policy as served. */
export type MtaStsCollected = { record: MtaStsRecordLookup; policy: MtaStsPolicyFetch };

/**
 * Looks up the `_mta-sts` record and fetches the policy side by side: the fetch does not wait for
 * the record, so a policy served without a record is seen too (mta-sts-policy-without-record).
 */
export async function fetchMtaSts(dns: DnsClient, fetchPolicy: PolicyFetcher, domain: string, options: { signal?: AbortSignal } = {}): Promise<MtaStsCollected> {
  const [record, policy] = await Promise.all([lookupMtaStsRecord(dns, domain, options), fetchPolicy({ domain, signal: options.signal })]);
  return { record, policy };
}

/** `checks.mtaSts`: the evaluation, and the served body as evidence. */
export type MtaStsCheck = MtaStsResult & { policyText?: string };

/** Judges MTA-STS from what was collected and each MX host's TLS verdict (RFC 8461 §4, §5). */
export function checkMtaSts(domain: string, collected: MtaStsCollected, mx: MxTlsVerdict[]): MtaStsCheck {
  const result = evaluateMtaSts({ domain, record: collected.record, policy: collected.policy, mx });
  // The served body is kept as evidence, and so history can tell a changed policy (RFC 8461 §8.1).
  const policy = collected.policy;
  return policy.kind === "ok" && policy.status === 200 ? { ...result, policyText: policy.body } : result;
}
