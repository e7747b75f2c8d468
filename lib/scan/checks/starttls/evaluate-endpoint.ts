/**
 * Pure evaluation of one MX endpoint's STARTTLS observation into the finding ids this area owns
 * (spec "Finding catalogue"). Titles and fixes live in the report copy catalogue, not here.
 */
import { CERT_EXPIRING_SOON_DAYS } from "../../defaults";
import type { Endpoint, Severity } from "../../types";

export type StarttlsFindingId =
  | "starttls-not-offered"
  | "starttls-failed"
  | "tls-legacy-only"
  | "cert-untrusted"
  | "cert-name-mismatch"
  | "cert-expired"
  | "cert-expiring-soon";

/**
 * What protects this MX, which decides certificate-finding severities (spec: "Context decides
 * some severities"): covered by an MTA-STS policy in enforce mode; protected only by matching
 * DANE-EE (3 x x) records, where senders ignore names and dates (RFC 7672 §3.1.1); or neither.
 */
export type SeverityContext = "mta-sts-enforce" | "dane-ee-only" | "default";

export type EndpointFinding = { id: StarttlsFindingId; severity: Severity; host: string; detail: string };

export type EndpointObservation = Pick<Endpoint, "starttls" | "detail" | "tls" | "certificate">;

/** Versions below TLS 1.2 (RFC 8996 deprecates TLS 1.0 and 1.1; RFC 7568 SSLv3). */
const LEGACY_TLS_VERSIONS: ReadonlySet<string> = new Set(["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"]);

/** Severity table for certificate findings: the catalogue's default, then per context. */
const CERT_SEVERITY: Record<"cert-untrusted" | "cert-name-mismatch" | "cert-expired" | "cert-expiring-soon", Severity> = {
  "cert-untrusted": "medium",
  "cert-name-mismatch": "medium",
  "cert-expired": "medium",
  "cert-expiring-soon": "low",
};

const DAY_MS = 86_400_000;

function certSeverity(id: keyof typeof CERT_SEVERITY, context: SeverityContext): Severity {
  if (context === "mta-sts-enforce") return "critical"; // enforce: senders MUST NOT deliver (RFC 8461 §5)
  if (context === "dane-ee-only") return "info"; // DANE-EE ignores names and expiry (RFC 7672 §3.1.1)
  return CERT_SEVERITY[id];
}

/** True when the negotiated version is below TLS 1.2; we offered up to 1.3, so it is the server's best. */
export function isLegacyTlsVersion(version: string): boolean {
  return LEGACY_TLS_VERSIONS.has(version);
}

/** Findings for one endpoint of `host`, judged at `now`. Unreachable/rate-limited endpoints raise none (inconclusive). */
export function evaluateEndpoint(input: {
  host: string;
  endpoint: EndpointObservation;
  now: Date;
  severityContext: SeverityContext;
}): EndpointFinding[] {
  const { host, endpoint, now, severityContext } = input;
  const findings: EndpointFinding[] = [];
  const add = (id: StarttlsFindingId, severity: Severity, detail: string): void => {
    findings.push({ id, severity, host, detail });
  };

  if (endpoint.starttls === "not-offered") {
    add("starttls-not-offered", "high", endpoint.detail ?? "STARTTLS not advertised");
    return findings;
  }
  if (endpoint.starttls === "failed") {
    add("starttls-failed", "high", endpoint.detail ?? "STARTTLS or the TLS handshake failed");
    return findings;
  }
  // unreachable, rate-limited, blocked, skipped: nothing was observed, so nothing is judged.
  if (endpoint.starttls !== "ok") return findings;

  if (endpoint.tls && isLegacyTlsVersion(endpoint.tls.version)) {
    add("tls-legacy-only", "high", `best version negotiated is ${endpoint.tls.version}`);
  }

  const cert = endpoint.certificate;
  if (!cert) {
    add("cert-untrusted", certSeverity("cert-untrusted", severityContext), "no certificate was presented");
    return findings;
  }
  if (!cert.trusted) {
    add("cert-untrusted", certSeverity("cert-untrusted", severityContext), `chain issued by "${cert.issuer}" does not build to a trusted root`);
  }
  if (!cert.nameMatches) {
    const names = cert.san.length > 0 ? cert.san.join(", ") : "none";
    add("cert-name-mismatch", certSeverity("cert-name-mismatch", severityContext), `no DNS name matches ${host} (subjectAltName DNS: ${names})`);
  }

  const notBefore = Date.parse(cert.notBefore);
  const notAfter = Date.parse(cert.notAfter);
  const at = now.getTime();
  if (!Number.isNaN(notAfter) && at > notAfter) {
    add("cert-expired", certSeverity("cert-expired", severityContext), `expired ${cert.notAfter}`);
  } else if (!Number.isNaN(notBefore) && at < notBefore) {
    add("cert-expired", certSeverity("cert-expired", severityContext), `not valid before ${cert.notBefore}`);
  } else if (!Number.isNaN(notAfter) && notAfter - at <= CERT_EXPIRING_SOON_DAYS * DAY_MS) {
    const days = Math.max(0, Math.floor((notAfter - at) / DAY_MS));
    add("cert-expiring-soon", certSeverity("cert-expiring-soon", severityContext), `expires ${cert.notAfter} (in ${days} days)`);
  }
  return findings;
}
