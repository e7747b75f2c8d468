/**
 * Diffs between stored reports, by job: sequence.ts (line and word diffs), report.ts (two reports
 * field by field, for the compare page) and timeline.ts (the history timeline's summary of it).
 */
export * from "./sequence";
export * from "./report";
export * from "./timeline";
