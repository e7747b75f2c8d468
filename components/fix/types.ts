/**
 * Prop shapes of the Fix tab's components. components/ never import lib/services, so these are
 * declared here (or taken from the pure plan in lib/report/fix-plan); lib/services/policies returns values of exactly these shapes (the page passes
 * them straight through, and the type checker holds the two together).
 */
import type { DraftPolicyHost, DraftTlsaHost } from "@/lib/scan/what-if";
import type { CheckStatus, Severity } from "@/lib/scan/types";
import type { PlanRecord } from "@/lib/report/fix-plan/zone-record";

export type FixFindingView = { id: string; severity: Severity; title: string; host?: string; anchor: string };

/** A record to publish, as the pure fix plan builds it (lib/report/fix-plan). */
export type FixRecordView = PlanRecord;

export type FixStepView = {
  key: string;
  title: string;
  areaTitle: string;
  areaAnchor: string;
  status: CheckStatus | null;
  state: "todo" | "in-place" | "unavailable";
  owners: string[];
  purpose: string;
  where: string[];
  fixes: FixFindingView[];
  blockers: FixFindingView[];
  stages: string[];
  warnings: string[];
  notes: string[];
  policyFile?: { text: string; url: string; mode?: string; maxAge?: number; hostingNote?: string; download: string };
  records: FixRecordView[];
  rawLines: string[];
  download?: string;
  unavailableReason?: string;
  /** DMARC step: the readiness verdict from the aggregate reports. */
  readiness?: { ready: boolean; target: "quarantine" | "reject" | null; summary: string };
};

export type WhatIfIssueView = { line?: number; message: string };
export type WhatIfVerdictView = { tone: "pass" | "warn" | "fail" | "unknown"; sentence: string };
type WhatIfBase = { domain: string; scan: { id: string; finishedAt: string; startedAt: string }; valid: boolean; errors: WhatIfIssueView[]; warnings: WhatIfIssueView[]; blockers: string[]; verdict: WhatIfVerdictView };

export type PolicyWhatIfView = WhatIfBase & {
  kind: "mta-sts";
  policy?: { mode: string; maxAge: number; mx: string[] };
  hosts: DraftPolicyHost[];
  findings: { id: string; severity: Severity; title: string; detail: string; host?: string; anchor: string }[];
  safeToEnforce: boolean;
  countsAsProtection: boolean;
};

export type TlsaWhatIfView = WhatIfBase & {
  kind: "tlsa";
  records: { line: number; host?: string; text: string; usable: boolean; unusableReason?: string }[];
  hosts: DraftTlsaHost[];
  safeToPublish: boolean;
};

export type WhatIfResultView = PolicyWhatIfView | TlsaWhatIfView;
