/** The Fix tab's plan as data (docs/ui.md §5.6): steps, their records and files. Pure types. */
import type { FindingOwner } from "@/lib/scan/findings";
import type { CheckStatus, Severity } from "@/lib/scan/types";
import type { PlanRecord } from "./zone-record";

export type { PlanRecord } from "./zone-record";

/** A finding a step addresses (or that blocks it), with its anchor on the report page. */
export type PlanFinding = { id: string; severity: Severity; title: string; host?: string; anchor: string };

export type StepKey = "dnssec" | "tls-rpt" | "mta-sts" | "dane" | "dmarc" | "no-mail" | "other";

/** Files the download route serves (docs/ui.md §5.6), the only names accepted there. */
export const SUGGESTED_FILES = ["mta-sts.txt", "records.zone", "tlsa.zone", "dmarc.zone"] as const;
export type SuggestedFileName = (typeof SUGGESTED_FILES)[number];

export type FixStep = {
  key: StepKey;
  title: string;
  /** The report area and its anchor on `/domains/<d>` (docs/ui.md §5.2 fixed anchors). */
  areaTitle: string;
  areaAnchor: string;
  /** The area's status in the scan; null when the report has no such area. */
  status: CheckStatus | null;
  /**
   * todo: publish this; in-place: the area passes with nothing above info, so nothing to change
   * (YunoHost#2523: a passing area shows no diff); unavailable: the scan made no suggestion.
   */
  state: "todo" | "in-place" | "unavailable";
  owners: FindingOwner[];
  /** Why, in one sentence. */
  purpose: string;
  /** Where it is published, in words. */
  where: string[];
  /** Findings of the latest scan this step addresses. */
  fixes: PlanFinding[];
  /** Findings that have to be fixed elsewhere first (e.g. on the mail server before enforce). */
  blockers: PlanFinding[];
  /** Staged roll-out, in order. */
  stages: string[];
  warnings: string[];
  /** Scanner notes that came with the suggestion. */
  notes: string[];
  /** The mta-sts.txt body, its URL and how to serve it. */
  policyFile?: { text: string; url: string; mode?: string; maxAge?: number; hostingNote?: string; download: SuggestedFileName };
  records: PlanRecord[];
  /** Suggested lines that could not be split into Name/Type/Value: shown as they are. */
  rawLines: string[];
  download?: SuggestedFileName;
  /** Why the scan made no suggestion (state unavailable). */
  unavailableReason?: string;
  /** DMARC step only: what the aggregate reports say about the next policy step (lib/report/senders/readiness.ts). */
  readiness?: { ready: boolean; target: "quarantine" | "reject" | null; summary: string };
};

/** Facts from outside the report that refine the plan; the report alone builds it when absent. */
export type FixContext = {
  /** The DMARC readiness verdict from the domain's aggregate reports. */
  dmarcReadiness?: { ready: boolean; target: "quarantine" | "reject" | null; summary: string };
};

/** What a report yields for the plan: its steps, whether the domain takes mail, the what-if drafts. */
export type FixSteps = {
  steps: FixStep[];
  acceptsMail: boolean;
  /** Drafts the what-if form starts from: the suggested policy and TLSA lines. */
  drafts: { mtaSts: string; tlsa: string };
  /** True when the plan has a suggestion for anything at all. */
  hasSuggestions: boolean;
  /** Critical and high findings of the scan (lib/report/summary.ts countFindings): never "nothing to do" while any is open. */
  seriousFindings: number;
};
