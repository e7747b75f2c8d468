/**
 * Findings that need the domain's previous scan. RFC 8461 §3.1: the record's `id` must change
 * whenever the policy changes, or senders holding a cached policy never fetch the new one.
 */
import { makeFinding } from "@/lib/scan/findings";
import { scoreFindings } from "@/lib/scan/score";
import type { Finding, ScanReport } from "@/lib/scan/types";

type StsEvidence = { policyText?: string; recordId?: string };

const normalize = (body: string) => body.replace(/\r\n/g, "\n").trim();

export function historyFindings(previous: ScanReport | null, current: ScanReport): Finding[] {
  if (!previous) return [];
  const before = previous.checks.mtaSts as StsEvidence;
  const now = current.checks.mtaSts as StsEvidence;
  if (!before.policyText || !now.policyText || !before.recordId || !now.recordId) return [];
  if (normalize(before.policyText) === normalize(now.policyText) || before.recordId !== now.recordId) return [];
  return [
    makeFinding("mta-sts-policy-changed-id-unchanged", {
      detail: `The policy at https://mta-sts.${current.domain}/.well-known/mta-sts.txt changed since the scan of ${previous.startedAt}, but the _mta-sts record still says id=${now.recordId}; senders that cached the old policy keep using it until it expires.`,
    }),
  ];
}

/** The report with history findings added and the score recomputed over all findings. */
export function withHistory(previous: ScanReport | null, current: ScanReport): ScanReport {
  const extra = historyFindings(previous, current);
  if (extra.length === 0) return current;
  const findings = [...current.findings, ...extra];
  return { ...current, findings, ...scoreFindings(findings) };
}
