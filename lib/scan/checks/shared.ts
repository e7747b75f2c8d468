/**
 * What every check shares: a finding as the checks produce it (a catalogue id with its observed
 * detail), the area status it implies, and the conversion into the report's findings. Pure.
 */
import { FINDING_CATALOGUE, makeFinding, type FindingId } from "../findings";
import type { CheckStatus, Finding, Severity } from "../types";

/** A finding before the catalogue adds title and fix; `Id` narrows it to one area's ids. */
export type CheckFinding<Id extends FindingId = FindingId> = { id: Id; severity: Severity; host?: string; detail: string };

/**
 * A finding at the catalogue's severity. `severity` is for the ids whose severity context decides
 * (docs/findings.md, `contextSeverity`), such as `mta-sts-mx-*` in enforce mode.
 */
export function finding<Id extends FindingId>(id: Id, detail: string, extra: { host?: string; severity?: Severity } = {}): CheckFinding<Id> {
  return { id, severity: extra.severity ?? FINDING_CATALOGUE[id].severity, ...(extra.host !== undefined ? { host: extra.host } : {}), detail };
}

/** An area's status from its findings: critical or high fails it, medium or low warns, info passes. */
export function statusFromFindings(findings: readonly { severity: Severity }[]): CheckStatus {
  if (findings.some((f) => f.severity === "critical" || f.severity === "high")) return "fail";
  if (findings.some((f) => f.severity === "medium" || f.severity === "low")) return "warn";
  return "pass";
}

/** The report's findings: the catalogue adds title and fix to each check finding. */
export function toReportFindings(list: readonly CheckFinding[]): Finding[] {
  return list.map((f) => makeFinding(f.id, { detail: f.detail, severity: f.severity, ...(f.host ? { host: f.host } : {}) }));
}
