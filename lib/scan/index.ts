/** The scanner library's public API. Framework-free: no Next.js, no database, no environment. */
export { scanDomain, SCANNER_VERSION, type ScanDeps, type ScanOptions, type PolicyFetcher } from "./scan-domain";
export { RULESET_VERSION } from "./score";
export type * from "./types";
export { EXPOSURE_VERDICTS, GRADES, gradeRank, SEVERITIES, severityRank } from "./types";
export { assembleReport, type ReportParts } from "./assemble-report";
