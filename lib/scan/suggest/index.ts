/** Ready-to-publish files built from a scan's observations (spec: `suggestions`). Pure. */
export { buildSuggestions, isNoMailSuggestions, planSuggestions, suggestInputFromScan, type ScanObservations, type SuggestionNotes, type SuggestionPlan } from "./build";
export { chooseMxPatterns, checkSuggestedPolicy, mtaStsIdAt, suggestHostingNote, suggestMtaStsPolicy, suggestMtaStsRecord } from "./mta-sts";
export { MTA_STS_FIRST_ENFORCE_MAX_AGE, MTA_STS_STEADY_ENFORCE_MAX_AGE, MTA_STS_TESTING_MAX_AGE } from "./mta-sts";
export { defaultDmarcRua, sendsNoMail, spfSaysNoMail, suggestDmarcRecord, suggestNoMailRecords } from "./dmarc";
export { suggestTlsRptRecord } from "./tls-rpt";
export { formatTlsaLine, readTlsaLine, suggestTlsaRecords } from "./tlsa";
export { formatTxtLine, formatTxtRdata, readTxtLine, readZoneLine, type ZoneLine, type ZoneLineRead } from "./zone-text";
export * from "./types";
