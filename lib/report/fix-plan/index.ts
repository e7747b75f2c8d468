/**
 * The Fix tab's plan from one report, pure: steps (steps.ts), the zone-file lines split for a DNS
 * panel (zone-record.ts) and the downloadable files (files.ts). lib/services/policies loads the
 * report and calls these.
 */
export { buildFixSteps, findingAnchor } from "./steps";
export { downloadName, isSuggestedFileName, suggestedFileBody } from "./files";
export { splitZoneLine } from "./zone-record";
export { SUGGESTED_FILES, type FixContext, type FixStep, type FixSteps, type PlanFinding, type PlanRecord, type StepKey, type SuggestedFileName } from "./types";
