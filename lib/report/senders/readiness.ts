/**
 * "Ready for p=quarantine / p=reject?" from what DMARC aggregate reports say (RFC 7489 §6.6.4,
 * Appendix C), so the DMARC step of the fix plan advises from data instead of guessing. Pure.
 */

/** At least this many UTC days with DMARC reports before a verdict can say "ready". */
export const READY_MIN_DAYS = 14;
/** At least this share of the reported messages must pass DMARC. */
export const READY_MIN_PASS = 0.98;
/**
 * A failing source is "high volume" when its failing messages reach this share of all messages
 * (and at least READY_SOURCE_MIN_MESSAGES): enforcing would lose its mail if it is legitimate.
 */
export const READY_SOURCE_SHARE = 0.01;
export const READY_SOURCE_MIN_MESSAGES = 10;

export type ReadinessSource = { sourceIp: string; messages: number; fail: number; /** Reverse DNS name, null when none or not looked up yet. */ name: string | null };

export type ReadinessInput = {
  /** The policy published now (the latest scan's `p=`), or null when none. */
  policy: string | null;
  /** Days with DMARC reports (UTC), with their message counts. */
  days: { day: string; messages: number; pass: number }[];
  sources: ReadinessSource[];
};

export type DmarcReadiness = {
  /** The next policy step this verdict is about; null when p=reject is already published. */
  target: "quarantine" | "reject" | null;
  ready: boolean;
  reportDays: number;
  messages: number;
  /** Share of messages that passed, 0–1; null without messages. */
  passRate: number | null;
  /** What holds the step back; empty when ready. */
  reasons: string[];
  /** Failing sources that block the step: high volume and no reverse DNS name. */
  unknownSources: string[];
  /** One sentence. */
  summary: string;
};

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)} %`;

export function evaluateDmarcReadiness(input: ReadinessInput): DmarcReadiness {
  const policy = input.policy?.toLowerCase() ?? null;
  const target = policy === "reject" ? null : policy === "quarantine" ? "reject" : "quarantine";
  const withData = input.days.filter((d) => d.messages > 0);
  const reportDays = new Set(withData.map((d) => d.day)).size;
  const messages = withData.reduce((n, d) => n + d.messages, 0);
  const passed = withData.reduce((n, d) => n + d.pass, 0);
  const passRate = messages > 0 ? passed / messages : null;
  const threshold = Math.max(READY_SOURCE_MIN_MESSAGES, messages * READY_SOURCE_SHARE);
  const unknownSources = input.sources
    .filter((s) => s.fail >= threshold && (s.name === null || s.name.trim() === ""))
    .sort((a, b) => b.fail - a.fail)
    .map((s) => s.sourceIp);
  const reasons: string[] = [];
  if (reportDays < READY_MIN_DAYS) reasons.push(`${reportDays} of ${READY_MIN_DAYS} days of DMARC reports so far`);
  if (passRate !== null && passRate < READY_MIN_PASS) reasons.push(`${pct(passRate)} of ${messages} messages pass DMARC; at least ${pct(READY_MIN_PASS)} should`);
  if (unknownSources.length > 0) reasons.push(`${unknownSources.length} unidentified source${unknownSources.length === 1 ? "" : "s"} with many failing messages (${unknownSources.slice(0, 3).join(", ")}${unknownSources.length > 3 ? ", …" : ""})`);
  const ready = target !== null && reasons.length === 0;
  const summary =
    target === null
      ? messages === 0
        ? "The strictest policy is in force: receivers reject mail that fails DMARC. No aggregate reports yet to show who that stops."
        : `The strictest policy is in force: receivers reject mail that fails DMARC; ${pct(passRate ?? 0)} of ${messages} reported messages pass.`
      : messages === 0
        ? `No DMARC aggregate reports yet: publish rua= and wait for ${READY_MIN_DAYS} days of reports before moving to p=${target}.`
        : ready
          ? `Ready for p=${target}: ${reportDays} days of reports, ${pct(passRate ?? 0)} of ${messages} messages pass, no unidentified failing source.`
          : `Not ready for p=${target} yet: ${reasons.join("; ")}.`;
  return { target, ready, reportDays, messages, passRate, reasons, unknownSources, summary };
}
