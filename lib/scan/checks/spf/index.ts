/** SPF (RFC 7208): record selection and parsing, the include/redirect lookup budget, evaluation. */
import type { DnsClient } from "../../net/dns-types";
import { evaluateSpf } from "./evaluate";
import { lookupSpfTree } from "./lookup-tree";
import type { SpfResult } from "./types";

export { parseSpfRecord, parseSpfTxt, isSpfRecord } from "./parse-record";
export { parseMacroString, parseDomainSpec } from "./macro";
export { isIp4Network, isIp6Network } from "./ip";
export { lookupSpfRecord, parseSpfAnswer } from "./lookup-record";
export { lookupSpfTree, SPF_LOOKUP_LIMIT, SPF_VOID_LOOKUP_LIMIT, SPF_MX_ADDRESS_LIMIT } from "./lookup-tree";
export { evaluateSpf } from "./evaluate";
export type * from "./types";

/** Looks up the SPF record of `domain` with everything it includes, and judges it. */
export async function checkSpf(dns: DnsClient, domain: string, options: { signal?: AbortSignal } = {}): Promise<SpfResult> {
  return evaluateSpf(await lookupSpfTree(dns, domain, options));
}
