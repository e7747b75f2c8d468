/**
 * "What if I publish…" (docs/ui.md §5.6): a pasted draft `mta-sts.txt` or TLSA set, judged by the
 * scanner's pure what-if functions against the domain's latest finished scan. Nothing is fetched,
 * published or stored.
 */
import { getDb, type Db } from "@/lib/db/client";
import { FINDING_CATALOGUE, isFindingId } from "@/lib/scan/findings";
import type { Severity } from "@/lib/scan/types";
import {
  evaluateDraftPolicy,
  evaluateDraftTlsa,
  type DraftIssue,
  type DraftPolicyHost,
  type DraftTlsaHost,
  type DraftTlsaRecord,
} from "@/lib/scan/what-if";
import type { Scope } from "@/lib/services/access/scope";
import { domainFromPath } from "@/lib/services/api/params";
import { getDomain } from "@/lib/services/domains/get-domain";
import { ValidationError } from "@/lib/services/errors";
import { findingAnchor } from "@/lib/report/fix-plan";

export type WhatIfKind = "mta-sts" | "tlsa";

/** RFC 8461 §3.2 caps a policy at 64 KiB; a TLSA set is far smaller. Larger drafts are refused before parsing. */
export const MAX_DRAFT_BYTES = 65_536;

/** A problem with the draft, with its 1-based line when it concerns one. */
export type WhatIfIssue = { line?: number; message: string };

/** One sentence summing the result up, with a tone for its icon and word. */
export type WhatIfVerdict = { tone: "pass" | "warn" | "fail" | "unknown"; sentence: string };

export type WhatIfScan = { id: string; finishedAt: string; startedAt: string };

export type PolicyWhatIf = {
  kind: "mta-sts";
  domain: string;
  scan: WhatIfScan;
  valid: boolean;
  errors: WhatIfIssue[];
  warnings: WhatIfIssue[];
  policy?: { mode: string; maxAge: number; mx: string[] };
  hosts: DraftPolicyHost[];
  /** The findings the draft would raise if it were published under a valid record as text/plain. */
  findings: { id: string; severity: Severity; title: string; detail: string; host?: string; anchor: string }[];
  blockers: string[];
  safeToEnforce: boolean;
  countsAsProtection: boolean;
  verdict: WhatIfVerdict;
};

export type TlsaWhatIf = {
  kind: "tlsa";
  domain: string;
  scan: WhatIfScan;
  valid: boolean;
  errors: WhatIfIssue[];
  warnings: WhatIfIssue[];
  records: Pick<DraftTlsaRecord, "line" | "host" | "text" | "usable" | "unusableReason">[];
  hosts: DraftTlsaHost[];
  blockers: string[];
  safeToPublish: boolean;
  verdict: WhatIfVerdict;
};

export type WhatIfResult = PolicyWhatIf | TlsaWhatIf;

export type WhatIfInput = { domain: string; kind: string; draft: string };

function issues(list: readonly { line?: number; message: string }[]): WhatIfIssue[] {
  return list.map((i) => (i.line !== undefined ? { line: i.line, message: i.message } : { message: i.message }));
}

function validate(input: WhatIfInput): { kind: WhatIfKind; draft: string } {
  if (input.kind !== "mta-sts" && input.kind !== "tlsa") throw new ValidationError("Choose what the draft is", { kind: "Choose mta-sts.txt or TLSA records" });
  const draft = input.draft.replace(/^\uFEFF/, "");
  if (draft.trim() === "") {
    const message = input.kind === "mta-sts" ? "Paste a draft mta-sts.txt" : "Paste one or more TLSA records";
    throw new ValidationError(message, { draft: message });
  }
  if (new TextEncoder().encode(draft).length > MAX_DRAFT_BYTES) {
    throw new ValidationError("The draft is larger than 64 KiB", { draft: "The draft is larger than 64 KiB (RFC 8461 §3.2's limit for a policy)" });
  }
  return { kind: input.kind, draft };
}

function policyVerdict(r: Omit<PolicyWhatIf, "verdict">): WhatIfVerdict {
  if (!r.valid || !r.policy) return { tone: "fail", sentence: "The draft is not a valid policy: senders would ignore it (RFC 8461 §3.2)." };
  const failing = r.hosts.filter((h) => h.wouldPass === false).length;
  const unknown = r.hosts.filter((h) => h.wouldPass === "unknown").length;
  const n = r.hosts.length;
  if (r.policy.mode === "none") return { tone: "warn", sentence: "Mode none withdraws MTA-STS: senders stop applying any policy." };
  if (r.policy.mode === "testing") {
    if (failing > 0) return { tone: "warn", sentence: `Mode testing: mail still flows, but ${failing} of ${n} MX hosts would fail under enforce — fix that before enforcing.` };
    return { tone: "warn", sentence: "Mode testing: failures are only reported, mail is not protected yet. Every MX host would pass under enforce." + (unknown > 0 ? ` (${unknown} not verified.)` : "") };
  }
  if (failing > 0) return { tone: "fail", sentence: `Under this enforce policy, senders would refuse ${failing} of ${n} MX hosts: mail to them would be deferred and then bounced.` };
  if (unknown > 0) return { tone: "unknown", sentence: `${n - unknown} of ${n} MX hosts would pass; ${unknown} could not be verified from the last scan.` };
  return { tone: "pass", sentence: `All ${n} MX hosts would pass: MTA-STS senders would be protected from STARTTLS stripping.` };
}

function tlsaVerdict(r: Omit<TlsaWhatIf, "verdict">): WhatIfVerdict {
  if (r.errors.length > 0) return { tone: "fail", sentence: `${r.errors.length} line${r.errors.length === 1 ? "" : "s"} could not be read: fix ${r.errors.length === 1 ? "it" : "them"} first.` };
  const applied = r.hosts.filter((h) => h.verdict !== "no-records");
  if (applied.length === 0) return { tone: "fail", sentence: "No usable record applies to an MX host of the last scan: DANE senders would behave as today." };
  // RFC 7672 §2.2.3: without DNSSEC-authenticated MX addresses senders never look TLSA up, so an
  // unsigned host's one verdict is "ignored" (evaluate-draft.ts), never "would not deliver".
  const unsigned = applied.filter((h) => h.verdict === "ignored");
  if (unsigned.length === applied.length) return { tone: "warn", sentence: "Ignored: senders ignore TLSA records without DNSSEC, and the MX hosts are not DNSSEC-signed (or the last scan's resolver did not validate)." };
  const judged = applied.filter((h) => h.verdict !== "ignored");
  const failing = judged.filter((h) => h.verdict === "fail").length;
  const unknown = judged.filter((h) => h.verdict === "unknown").length;
  if (failing > 0) return { tone: "fail", sentence: `For ${failing} of ${judged.length} DNSSEC-signed MX hosts no usable record matches: DANE senders would not deliver to ${failing === 1 ? "it" : "them"}.` };
  if (unknown > 0) return { tone: "unknown", sentence: `${judged.length - unknown} of ${judged.length} DNSSEC-signed MX hosts match; for ${unknown} the match cannot be confirmed from a stored report.` };
  if (unsigned.length > 0) {
    return {
      tone: "warn",
      sentence: `The records would match what every DNSSEC-signed MX host presented; senders ignore them for ${unsigned.map((h) => h.host).join(", ")} until ${unsigned.length === 1 ? "it is" : "they are"} DNSSEC-signed.`,
    };
  }
  return { tone: "pass", sentence: `Every MX host the records apply to (${applied.length}) would match what it presented at the last scan.` };
}

/**
 * Judges a draft against the latest finished scan of `domain`. ValidationError for an empty or
 * oversized draft, an unknown kind, or a domain with no finished scan; NotFoundError for an
 * unknown domain.
 */
export async function runWhatIf(scope: Scope, input: WhatIfInput, db: Db = getDb()): Promise<WhatIfResult> {
  const { kind, draft } = validate(input);
  const view = await getDomain(scope, domainFromPath(input.domain), db);
  const last = view.lastReport;
  if (!last) throw new ValidationError("There is no finished scan to check the draft against: scan the domain first.");
  const report = last.report;
  const scan: WhatIfScan = { id: last.scanId, finishedAt: last.finishedAt.toISOString(), startedAt: report.startedAt };

  if (kind === "mta-sts") {
    const e = evaluateDraftPolicy(draft, report);
    const base: Omit<PolicyWhatIf, "verdict"> = e.valid
      ? {
          kind,
          domain: view.name,
          scan,
          valid: true,
          errors: [],
          warnings: issues(e.warnings),
          policy: { mode: e.policy.mode, maxAge: e.policy.maxAge, mx: e.policy.mx },
          hosts: e.hosts,
          findings: e.findings.map((f) => ({
            id: f.id,
            severity: f.severity,
            title: isFindingId(f.id) ? FINDING_CATALOGUE[f.id].title : f.id,
            detail: f.detail,
            ...(f.host !== undefined ? { host: f.host } : {}),
            anchor: findingAnchor(f.id),
          })),
          blockers: e.blockers,
          safeToEnforce: e.safeToEnforce,
          countsAsProtection: e.countsAsProtection,
        }
      : { kind, domain: view.name, scan, valid: false, errors: issues(e.errors), warnings: issues(e.warnings), hosts: [], findings: [], blockers: [], safeToEnforce: false, countsAsProtection: false };
    return { ...base, verdict: policyVerdict(base) };
  }

  const e = evaluateDraftTlsa(draft, report);
  const base: Omit<TlsaWhatIf, "verdict"> = {
    kind,
    domain: view.name,
    scan,
    valid: e.errors.length === 0,
    errors: issues(e.errors as DraftIssue[]),
    warnings: issues(e.warnings as DraftIssue[]),
    records: e.records.map((r) => ({ line: r.line, ...(r.host !== undefined ? { host: r.host } : {}), text: r.text, usable: r.usable, ...(r.unusableReason !== undefined ? { unusableReason: r.unusableReason } : {}) })),
    hosts: e.hosts,
    blockers: e.blockers,
    safeToPublish: e.safeToPublish,
  };
  return { ...base, verdict: tlsaVerdict(base) };
}
