/**
 * The states of the portfolio's MTA-STS and DMARC cells (stored per domain as
 * DomainLatest.mtaStsMode / dmarcPolicy). Pure.
 *
 * A cell says "enforce" only for protection that holds (spec "Protection is judged from what is
 * published and valid"): a policy that senders apply (valid record, valid policy served as
 * text/plain, RFC 8461 §3.2) in enforce mode, listing every MX, none of which fails TLS. An enforce
 * policy that misses an MX or whose MX fails TLS names the break instead. A check that could not
 * be done is "not checked" — never "invalid" or "no valid policy".
 */
import type { ScanReport } from "@/lib/scan/types";

/** States beyond the policy modes; the filters' `unknown` covers every state that is not a mode. */
export type MtaStsCellState = "enforce" | "testing" | "none" | "none-published" | "enforce-uncovered" | "enforce-tls-fails" | "enforce-not-applied" | "not-checked";
export type DmarcCellState = "reject" | "quarantine" | "none" | "missing" | "not-checked";

type Coverage = { matched?: unknown; tlsOk?: unknown };

export function mtaStsCellState(report: ScanReport): MtaStsCellState | null {
  const c = report.checks.mtaSts;
  if (c.status === "error") return "not-checked";
  if (c.status === "missing") return "none-published";
  const mode = c.policy?.mode;
  if (mode === undefined) return null;
  if (mode !== "enforce") return mode === "testing" || mode === "none" ? mode : null;
  // Senders ignore the policy (invalid record, wrong media type …): enforce is written, nothing is enforced.
  if (c.countsAsProtection !== true) return "enforce-not-applied";
  const coverage = Array.isArray(c.coverage) ? (c.coverage as Coverage[]) : [];
  // RFC 8461 §4.1: an MX no pattern lists is refused by senders; §4.2: a listed MX must pass PKIX TLS.
  if (coverage.some((m) => m.matched !== true)) return "enforce-uncovered";
  if (coverage.some((m) => m.tlsOk === false)) return "enforce-tls-fails";
  return "enforce";
}

export function dmarcCellState(report: ScanReport): DmarcCellState | null {
  const c = report.checks.dmarc;
  if (c.status === "error") return "not-checked";
  if (c.policy === "reject" || c.policy === "quarantine" || c.policy === "none") return c.policy;
  if (c.status === "missing") return "missing";
  return null;
}
