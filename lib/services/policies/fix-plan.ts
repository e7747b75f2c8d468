/**
 * The Fix tab of a domain (docs/ui.md §5.6): loads its latest finished scan and builds the plan
 * with the pure lib/report/fix-plan.
 */
import { getDb, type Db } from "@/lib/db/client";
import { buildFixSteps, type FixStep, type FixSteps } from "@/lib/report/fix-plan";
import type { Scope } from "@/lib/services/access/scope";
import { domainFromPath } from "@/lib/services/api/params";
import { getDomain } from "@/lib/services/domains/get-domain";
import type { ScanView } from "@/lib/services/scans/get-scan";
import { getDmarcReadiness } from "@/lib/services/senders/views";

export type { FixStep, PlanFinding, PlanRecord, StepKey, SuggestedFileName } from "@/lib/report/fix-plan";

export type PlanScan = {
  id: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  scannerVersion?: string;
  rulesetVersion?: number;
};

export type FixPlan = {
  domain: string;
  /** The newest scan in any state (a running scan is announced above the plan). */
  current: Pick<ScanView, "id" | "status" | "requestedAt" | "error"> | null;
  /** The finished scan the plan is built from; null when the domain was never scanned. */
  scan: PlanScan | null;
  /** Why the newest finished scan's report cannot be read (scan is then null), else null. */
  unreadableReport: string | null;
  acceptsMail: boolean;
  steps: FixStep[];
  /** MX hosts of the scan, for the what-if form. */
  mxHosts: string[];
  /** Drafts the what-if form starts from: the suggested policy and TLSA lines. */
  drafts: FixSteps["drafts"];
  /** True when the plan has a suggestion for anything at all. */
  hasSuggestions: boolean;
  /** Critical and high findings of the scan: the page never says "nothing to do" while any is open. */
  seriousFindings: number;
};

/** The Fix tab of a domain: its plan from the latest finished scan. NotFoundError for an unknown domain. */
export async function getFixPlan(scope: Scope, domain: string, db: Db = getDb()): Promise<FixPlan> {
  const view = await getDomain(scope, domainFromPath(domain), db);
  const current = view.current ? { id: view.current.id, status: view.current.status, requestedAt: view.current.requestedAt, error: view.current.error } : null;
  const last = view.lastReport;
  if (!last) {
    const unreadableReport = view.unreadableReport?.unreadable.reason ?? null;
    return { domain: view.name, current, scan: null, unreadableReport, acceptsMail: true, steps: [], mxHosts: [], drafts: { mtaSts: "", tlsa: "" }, hasSuggestions: false, seriousFindings: 0 };
  }
  const report = last.report;
  // The DMARC step advises from the domain's aggregate reports; a failed read leaves it to the report alone.
  const policy = report.checks.dmarc?.record && report.checks.dmarc.policy ? report.checks.dmarc.policy.toLowerCase() : null;
  const dmarcReadiness = await getDmarcReadiness(scope, view.name, policy, new Date(), db).catch(() => undefined);
  const built = buildFixSteps(report, dmarcReadiness ? { dmarcReadiness } : {});
  return {
    domain: view.name,
    current,
    scan: {
      id: last.scanId,
      startedAt: report.startedAt,
      finishedAt: last.finishedAt.toISOString(),
      durationMs: report.durationMs,
      ...(report.scannerVersion ? { scannerVersion: report.scannerVersion } : {}),
      ...(report.rulesetVersion !== undefined ? { rulesetVersion: report.rulesetVersion } : {}),
    },
    unreadableReport: null,
    acceptsMail: built.acceptsMail,
    steps: built.steps,
    mxHosts: report.mx.map((h) => h.host),
    drafts: built.drafts,
    hasSuggestions: built.hasSuggestions,
    seriousFindings: built.seriousFindings,
  };
}
