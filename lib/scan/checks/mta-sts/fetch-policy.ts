/**
 * fetchMtaStsPolicy: fetches `https://mta-sts.<domain>/.well-known/mta-sts.txt` the way RFC 8461
 * §3.3 tells senders to, and says what happened as an MtaStsPolicyFetch (for evaluateMtaSts) plus
 * evidence for the report. Remote misbehaviour is data; only programmer errors throw.
 *
 * Result shape: `{ fetch, evidence }` rather than evidence merged into the union's members, so
 * `fetch` is exactly an MtaStsPolicyFetch and can go into MtaStsObservations.policy unchanged.
 */
import { HTTP_MAX_HEADER_BYTES, HTTPS_CONNECT_TIMEOUT_MS, HTTPS_POLICY_DEADLINE_MS, MTA_STS_MAX_POLICY_BYTES } from "../../defaults";
import type { DnsAnswer, DnsClient, DnsOutcome } from "../../net/dns-types";
import { httpsGet, type HttpsGetResult } from "../../net/https";
import { guardTarget } from "../../net/target-guard";
import type { CertificateSummary, ChainEntry } from "../../types";
import type { TrustAnchors } from "../../x509";
import { evaluateCertificateChain, type ChainSummary } from "../starttls/certificate";
import type { MtaStsPolicyFetch } from "./types";

/** RFC 8461 §3.3: the policy lives at this path of the "mta-sts" host, over HTTPS only. */
export const MTA_STS_POLICY_PATH = "/.well-known/mta-sts.txt";

export type FetchMtaStsPolicyOptions = {
  /** Normalized domain (lower case A-labels, no trailing dot). */
  domain: string;
  dns: DnsClient;
  /** 443 except in tests (MAILPOSTURE_HTTPS_PORT, read by the service layer). */
  port?: number;
  /** Let loopback/private/link-local targets through (MAILPOSTURE_ALLOW_PRIVATE; labs only). */
  allowPrivate: boolean;
  /** Trust anchors the policy host's chain is judged against (RFC 8461 §3.3). */
  anchors: TrustAnchors;
  /** The clock certificate validity is judged against. */
  now: Date;
  signal?: AbortSignal;
  /** Absolute deadline for the whole fetch, DNS and every address tried (default HTTPS_POLICY_DEADLINE_MS). */
  deadlineMs?: number;
};

export type PolicyHostAddress = {
  address: string;
  family: 4 | 6;
  /** Target-guard verdict (docs/architecture.md rule 17): a refused address is never connected to. */
  allowed: boolean;
  category: string;
  /** What trying it gave, when it was tried: "answered" or the failure. */
  outcome?: string;
};

/** What the report can show about the fetch, whatever its outcome. */
export type MtaStsPolicyFetchEvidence = {
  url: string;
  host: string;
  dns?: { a: DnsOutcome; aaaa: DnsOutcome };
  /** A addresses, then AAAA, in the order they were considered. */
  addresses: PolicyHostAddress[];
  /** The address whose answer decided the result. */
  address?: string;
  tls?: { version: string; cipher: string };
  /** The policy host's certificate; `nameMatches` is against mta-sts.<domain>. */
  certificate?: CertificateSummary;
  chain?: ChainEntry[];
  status?: number;
  contentType?: string | null;
  /** Decoded body bytes read (0 when the body was not read). */
  bodyBytes?: number;
};

export type MtaStsPolicyFetchResult = { fetch: MtaStsPolicyFetch; evidence: MtaStsPolicyFetchEvidence };

/**
 * RFC 8461 §3.3: the policy host's certificate must chain to a trusted root, be currently valid
 * and be valid for mta-sts.<domain> (RFC 9525 DNS-ID match). Every problem found is listed.
 */
export function evaluatePolicyCertificate(
  chainDer: readonly Buffer[],
  options: { host: string; anchors: TrustAnchors; now: Date },
): { summary: ChainSummary | null; problem: string | null } {
  const summary = evaluateCertificateChain(chainDer, { host: options.host, anchors: options.anchors });
  if (!summary) return { summary: null, problem: chainDer.length === 0 ? "no certificate was presented" : "the certificate could not be parsed" };
  const cert = summary.certificate;
  const problems: string[] = [];
  if (!cert.trusted) problems.push("the chain does not lead to a trusted root (self-signed, unknown CA or missing intermediate)");
  const now = options.now.getTime();
  const notBefore = Date.parse(cert.notBefore);
  const notAfter = Date.parse(cert.notAfter);
  // RFC 5280 §4.1.2.5: valid from notBefore through notAfter, inclusive.
  if (Number.isNaN(notBefore) || Number.isNaN(notAfter)) problems.push("the validity dates could not be read");
  else if (now < notBefore) problems.push(`not valid before ${cert.notBefore}`);
  else if (now > notAfter) problems.push(`expired on ${cert.notAfter}`);
  if (!cert.nameMatches) problems.push(`not issued for ${options.host} (DNS names: ${cert.san.join(", ") || "none"})`);
  return { summary, problem: problems.length > 0 ? problems.join("; ") : null };
}

function unavailable(reason: string): MtaStsPolicyFetch {
  return { kind: "unavailable", reason };
}

/** A signal that fires on the caller's abort or after `ms`; dispose() stops the timer. */
function linkedSignal(parent: AbortSignal | undefined, ms: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const timer = setTimeout(abort, Math.max(0, ms));
  parent?.addEventListener("abort", abort, { once: true });
  if (parent?.aborted) abort();
  const dispose = (): void => {
    clearTimeout(timer);
    parent?.removeEventListener("abort", abort);
  };
  return { signal: controller.signal, dispose };
}

function addressesOf(answers: readonly DnsAnswer[]): string[] {
  const found: string[] = [];
  for (const answer of answers) {
    for (const record of answer.records) {
      if ((record.type === "A" || record.type === "AAAA") && !found.includes(record.address)) found.push(record.address);
    }
  }
  return found;
}

/** Printable, bounded text from the server (reason phrases are the server's words). */
function clean(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 120);
}

/** Maps the answer of the one address that answered to the fetch result. */
function classify(result: HttpsGetResult, evidence: MtaStsPolicyFetchEvidence): MtaStsPolicyFetch {
  evidence.address = result.address;
  if (!result.ok) {
    if (result.head) {
      evidence.status = result.head.status;
      evidence.contentType = result.head.headers["content-type"] ?? null;
    }
    // The certificate check ran between handshake and request (RFC 8461 §3.3); nothing was requested.
    if (result.code === "peer-rejected") return { kind: "cert-invalid", reason: result.reason };
    // RFC 8461 §3.2 (64 KiB): the body was not read to the end.
    if (result.code === "body-too-large") return { kind: "too-large" };
    return unavailable(result.reason);
  }
  const { status, reason, headers, body } = result.response;
  evidence.status = status;
  evidence.contentType = headers["content-type"] ?? null;
  evidence.bodyBytes = body.length;
  // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
  if (status >= 300 && status < 400) return { kind: "redirect", location: headers.location ?? null };
  // RFC 8461 §3.3: only "a successful HTTP 200 OK" response carries a policy.
  if (status !== 200) return unavailable(`HTTP ${status}${reason ? ` ${clean(reason)}` : ""}`);
  // The policy is text (RFC 8461 §3.2 ABNF); invalid UTF-8 becomes U+FFFD and fails parsing later.
  return { kind: "ok", status, contentType: headers["content-type"] ?? null, body: new TextDecoder("utf-8").decode(body) };
}

/** Fetches the MTA-STS policy of `domain`; never rejects for remote behaviour. */
export async function fetchMtaStsPolicy(options: FetchMtaStsPolicyOptions): Promise<MtaStsPolicyFetchResult> {
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/i.test(options.domain)) throw new TypeError(`not a normalized domain: ${JSON.stringify(options.domain)}`);
  const host = `mta-sts.${options.domain}`;
  const port = options.port ?? 443;
  const deadlineMs = options.deadlineMs ?? HTTPS_POLICY_DEADLINE_MS;
  const deadlineAt = Date.now() + deadlineMs;
  const evidence: MtaStsPolicyFetchEvidence = {
    url: `https://${host}${port === 443 ? "" : `:${port}`}${MTA_STS_POLICY_PATH}`,
    host,
    addresses: [],
  };
  const done = (fetch: MtaStsPolicyFetch): MtaStsPolicyFetchResult => ({ fetch, evidence });

  // One lookup; we then connect to exactly these addresses, so a rebinding resolver cannot slip a
  // different address past the guard between check and connect.
  const lookup = linkedSignal(options.signal, deadlineMs);
  let answers: [DnsAnswer, DnsAnswer];
  try {
    answers = await Promise.all([options.dns.query(host, "A", { signal: lookup.signal }), options.dns.query(host, "AAAA", { signal: lookup.signal })]);
  } finally {
    lookup.dispose();
  }
  evidence.dns = { a: answers[0].outcome, aaaa: answers[1].outcome };
  if (options.signal?.aborted) return done(unavailable("aborted"));
  // A bogus answer carries unchecked (CD) addresses that validating senders never get (dns-types.ts): not used.
  const bogus = (a: DnsAnswer): boolean => a.dnssec === "bogus";
  const addresses = addressesOf(answers.filter((a) => !bogus(a)));
  if (addresses.length === 0) {
    const failed = answers.filter((a) => bogus(a) || (a.outcome !== "ok" && a.outcome !== "nxdomain" && a.outcome !== "nodata"));
    if (failed.length === 0) return done(unavailable(`${host} has no address`));
    return done(unavailable(`${host} could not be resolved (${failed.map((a) => `${a.type}: ${bogus(a) ? "DNSSEC bogus" : a.outcome}`).join(", ")})`));
  }

  for (const address of addresses) {
    const verdict = guardTarget(address, { allowPrivate: options.allowPrivate });
    evidence.addresses.push({ address, family: address.includes(":") ? 6 : 4, allowed: verdict.allowed, category: verdict.category });
  }
  const allowed = evidence.addresses.filter((a) => a.allowed);
  const firstRefused = evidence.addresses[0];
  if (allowed.length === 0 && firstRefused) return done({ kind: "blocked-private", address: firstRefused.address });

  const failures: string[] = [];
  for (const entry of allowed) {
    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) {
      failures.push(`${entry.address}: not tried, deadline reached`);
      break;
    }
    const seen: { summary?: ChainSummary | null } = {};
    const result = await httpsGet({
      address: entry.address,
      port,
      host,
      path: MTA_STS_POLICY_PATH,
      signal: options.signal,
      deadlineMs: remaining,
      connectTimeoutMs: Math.min(HTTPS_CONNECT_TIMEOUT_MS, remaining),
      maxBodyBytes: MTA_STS_MAX_POLICY_BYTES,
      maxHeaderBytes: HTTP_MAX_HEADER_BYTES,
      verifyPeer: (session) => {
        const judged = evaluatePolicyCertificate(session.peerChain, { host, anchors: options.anchors, now: options.now });
        seen.summary = judged.summary;
        return judged.problem;
      },
      // Only a 200 carries a policy; for a redirect or an error the head says it all.
      readBody: (head) => head.status === 200,
    });
    entry.outcome = result.ok ? "answered" : result.reason;
    if (result.tls) evidence.tls = { version: result.tls.version, cipher: result.tls.cipher };
    if (seen.summary) {
      evidence.certificate = seen.summary.certificate;
      evidence.chain = seen.summary.chain;
    }
    // RFC 8461 has no fallback rule; like any HTTPS client we move on only when no connection was made.
    if (!result.ok && result.stage === "connect" && result.code !== "aborted") {
      failures.push(`${entry.address}: ${result.reason}`);
      continue;
    }
    return done(classify(result, evidence));
  }
  return done(unavailable(`no address of ${host} answered (${failures.join("; ")})`));
}
