/** MTA-STS (RFC 8461): record lookup and parsing, policy parsing, MX pattern matching, evaluation. */
export { lookupMtaStsRecord } from "./lookup-record";
export { parseMtaStsRecord, isMtaStsCandidate, type TxtInput } from "./parse-record";
export { parseMtaStsPolicy, MTA_STS_MAX_AGE_LIMIT } from "./parse-policy";
export { matchMxPattern, matchMxPatterns } from "./match-mx";
export { evaluateMtaSts, MTA_STS_SHORT_MAX_AGE } from "./evaluate";
export type * from "./types";
