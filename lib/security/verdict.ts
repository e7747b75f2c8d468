/**
 * Whether a request may reach the app: the Host check for every request and the Origin check for
 * every state-changing one. Pure, so each row of the decision table is unit-tested; proxy.ts only
 * applies the verdict.
 */
import type { AllowedOrigins } from "./origins";

export type RequestFacts = {
  method: string;
  /** The `Host` header (null when absent). */
  host: string | null;
  /** The `Origin` header (null when absent). */
  origin: string | null;
  /** The URL's path (`/api/v1/domains`). */
  path: string;
  /** Whether an `Authorization: Bearer …` header is present. */
  hasBearer: boolean;
  /** Whether any `Cookie` header is present. */
  hasCookie: boolean;
};

export type Verdict = { allow: true } | { allow: false; status: 403; reason: string };

/**
 * Methods that must not change state (RFC 9110 §9.2.1). Server actions are always POST; every
 * other method, OPTIONS included, needs a matching Origin: the app serves no cross-origin API.
 */
const SAFE_METHODS = new Set(["GET", "HEAD"]);

const deny = (reason: string): Verdict => ({ allow: false, status: 403, reason });

const API_PREFIX = "/api/v1/";

/**
 * A JSON API call from a script (curl) carries its bearer token and no cookie, and needs no
 * Origin. Cross-site request forgery rides on credentials the browser attaches by itself: cookies,
 * and cached HTTP Basic/Digest credentials (an `Authorization` header, but never `Bearer`). A page
 * can only set a Bearer header through fetch, and a cross-origin one needs a CORS preflight this
 * app never grants (the preflight carries the page's foreign Origin, refused below). Any cookie
 * keeps the Origin rule: the request may ride on a session.
 */
function isBearerApiCall(request: RequestFacts): boolean {
  return request.hasBearer && !request.hasCookie && request.path.startsWith(API_PREFIX);
}

const TLSRPT_RECEIVER_PREFIX = "/r/tlsrpt/";

/**
 * A mail server posting a TLS-RPT report (RFC 8460 §5) to the receiver: a server, not a browser,
 * so it sends no Origin; the secret token in the path is its only credential. Only POST, and only
 * without any cookie: a request that could ride on a session keeps the Origin rule.
 */
function isReportReceiverPost(request: RequestFacts): boolean {
  return request.method.toUpperCase() === "POST" && !request.hasCookie && request.path.startsWith(TLSRPT_RECEIVER_PREFIX);
}

/**
 * The reasons are fixed sentences: the attacker-chosen Host or Origin is never echoed back.
 */
export function requestVerdict(request: RequestFacts, allowed: AllowedOrigins): Verdict {
  const host = (request.host ?? "").trim().toLowerCase();
  // A foreign Host is refused for reads too: after DNS rebinding the attacker's page may read
  // any response the browser considers same-origin (the report pages, the JSON API).
  if (!allowed.hosts.has(host)) return deny("this address is not the app's configured URL (MAILPOSTURE_URL)");
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { allow: true };

  // Browsers send Origin on every POST, same-origin ones included (Fetch, "append a request
  // Origin header"), so a missing one means a non-browser client or a stripped header: refused,
  // except for a script calling the JSON API with its token (isBearerApiCall) and a sender posting
  // a report (isReportReceiverPost).
  const origin = request.origin?.trim().toLowerCase() ?? "";
  if (origin === "") return isBearerApiCall(request) || isReportReceiverPost(request) ? { allow: true } : deny("a state-changing request needs an Origin header");
  // "null" is the opaque origin of sandboxed frames, data: URLs and privacy-stripped redirects
  // (RFC 6454 §7.3): it names no site, so it cannot be trusted.
  if (origin === "null") return deny("a state-changing request from an opaque (null) origin is refused");
  if (!allowed.origins.has(origin)) return deny("the request's Origin is not the app's configured URL (MAILPOSTURE_URL)");
  // Both are allowed names, but they must also be the same one: Next.js compares them itself and
  // would answer a mismatch with a 500; this answers it with the 403 it is.
  if (new URL(origin).host !== host) return deny("the request's Origin and Host differ");
  return { allow: true };
}
