/**
 * Host-level STARTTLS verdicts from endpoint observations: findings per MX host (one per id, the
 * addresses it concerns named in the detail), the host's TLS verdict for MTA-STS, and the area
 * status. A host's verdict is its worst reached endpoint; unreachable, rate-limited and blocked
 * endpoints are inconclusive (spec "mx[].endpoints").
 */
import { makeFinding, type FindingId } from "../../findings";
import type { CheckStatus, Endpoint, Finding } from "../../types";
import type { MxAddressLookup, MxHostObservation } from "../mx/lookup-mx";
import { evaluateEndpoint, isLegacyTlsVersion, type SeverityContext } from "./evaluate-endpoint";

export type HostEndpoints = { host: string; endpoints: Endpoint[]; blockedAddresses: string[] };

const REACHED = new Set(["ok", "not-offered", "failed"]);

export function reachedEndpoints(endpoints: Endpoint[]): Endpoint[] {
  return endpoints.filter((e) => REACHED.has(e.starttls));
}

/**
 * The host's TLS verdict as MTA-STS needs it (RFC 8461 §4.2): true when every reached endpoint did
 * STARTTLS at TLS ≥ 1.2 with a trusted, current certificate for the host name; "unknown" when none
 * was reached.
 */
export function evaluateHostTls(endpoints: Endpoint[], now: Date): { tlsOk: boolean | "unknown"; reason?: string } {
  const reached = reachedEndpoints(endpoints);
  if (reached.length === 0) return { tlsOk: "unknown" };
  for (const e of reached) {
    if (e.starttls !== "ok") return { tlsOk: false, reason: `${e.address}: ${e.starttls === "not-offered" ? "no STARTTLS" : "STARTTLS failed"}` };
    if (e.tls && isLegacyTlsVersion(e.tls.version)) return { tlsOk: false, reason: `${e.address}: ${e.tls.version}` };
    const c = e.certificate;
    if (!c) return { tlsOk: false, reason: `${e.address}: no certificate` };
    if (!c.trusted) return { tlsOk: false, reason: `${e.address}: certificate untrusted` };
    if (!c.nameMatches) return { tlsOk: false, reason: `${e.address}: certificate not for this host` };
    if (Date.parse(c.notAfter) < now.getTime() || Date.parse(c.notBefore) > now.getTime()) return { tlsOk: false, reason: `${e.address}: certificate expired or not yet valid` };
  }
  return { tlsOk: true };
}

/** Findings for one host: endpoint findings merged per id, plus guard and reachability findings. */
export function evaluateHostStarttls(h: HostEndpoints, now: Date, context: SeverityContext): Finding[] {
  const merged = new Map<FindingId, { severity: Finding["severity"]; details: string[] }>();
  for (const endpoint of h.endpoints) {
    for (const f of evaluateEndpoint({ host: h.host, endpoint, now, severityContext: context })) {
      const entry = merged.get(f.id) ?? { severity: f.severity, details: [] };
      entry.details.push(`${endpoint.address}: ${f.detail}`);
      merged.set(f.id, entry);
    }
  }
  const findings = [...merged].map(([id, e]) => makeFinding(id, { host: h.host, severity: e.severity, detail: e.details.join("; ") }));
  // RFC 3207 §4.2: bytes that no command asked for (pipelined before EHLO/STARTTLS, or plaintext
  // after the STARTTLS 220) mark a server likely open to STARTTLS injection, whatever the outcome.
  const injected = h.endpoints.filter((e) => (e.injectedBytes ?? 0) > 0);
  if (injected.length > 0) {
    const where = injected.map((e) => `${e.address}: ${e.injectedBytes} byte(s)`).join("; ");
    findings.push(
      makeFinding("starttls-injection", {
        host: h.host,
        detail: `The server sent plaintext nobody asked for (${where}); the scanner discarded it instead of reading it as a reply or carrying it into TLS.`,
      }),
    );
  }
  if (h.blockedAddresses.length > 0) {
    findings.push(
      makeFinding("target-private-address", {
        host: h.host,
        detail: `${h.host} resolves to ${h.blockedAddresses.join(", ")}, a loopback/private/link-local or otherwise special-purpose address; it was not contacted`,
      }),
    );
  }
  const probed = h.endpoints.filter((e) => e.starttls !== "blocked" && e.starttls !== "skipped");
  if (probed.length > 0 && reachedEndpoints(probed).length === 0) {
    const why = probed.map((e) => `${e.address}: ${e.starttls}${e.detail ? ` (${e.detail})` : ""}`).join("; ");
    findings.push(makeFinding("mx-unreachable", { host: h.host, detail: `No SMTP session could be opened: ${why}. Outbound port 25 may be blocked where the scanner runs; this is inconclusive, not a failure.` }));
  }
  return findings;
}

const HARD: ReadonlySet<string> = new Set(["starttls-not-offered", "starttls-failed", "tls-legacy-only"]);

/** Area status: fail on a transport failure, warn on certificate problems, error when nothing was reached. */
export function evaluateStarttlsStatus(hosts: readonly HostEndpoints[], findings: readonly Finding[]): CheckStatus {
  if (hosts.length === 0) return "n/a";
  if (findings.some((f) => HARD.has(f.id))) return "fail";
  const anyReached = hosts.some((h) => reachedEndpoints(h.endpoints).length > 0);
  if (!anyReached) return "error";
  if (findings.some((f) => (f.id.startsWith("cert-") && f.severity !== "info") || f.id === "starttls-injection")) return "warn";
  return "pass";
}

function describeLookup(family: "A" | "AAAA", lookup: MxAddressLookup): string {
  return `${family} ${lookup.outcome}${lookup.error ? ` (${lookup.error})` : ""}`;
}

/**
 * One line per MX host whose probing ended without an SMTP session, for `checks.starttls.messages`:
 * no address to probe (with the DNS reason: a CNAME loop, a timeout), or no endpoint reached (with
 * each address's outcome). A host-level error never leaves the area at "error" without a reason.
 */
export function evaluateStarttlsMessages(hosts: readonly MxHostObservation[], probed: readonly HostEndpoints[]): string[] {
  const messages: string[] = [];
  hosts.forEach((h, i) => {
    const endpoints = probed[i]?.endpoints ?? [];
    if (endpoints.length === 0) {
      messages.push(`${h.host}: not probed, no address to connect to: ${describeLookup("A", h.ipv4)}, ${describeLookup("AAAA", h.ipv6)}`);
      return;
    }
    if (reachedEndpoints(endpoints).length > 0) return;
    const why = endpoints.map((e) => `${e.address} ${e.starttls}${e.detail ? ` (${e.detail})` : ""}`).join("; ");
    messages.push(`${h.host}: no SMTP session: ${why}`);
  });
  return messages;
}
