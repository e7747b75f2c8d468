/**
 * Response helpers of the JSON API (v1): one error shape `{ error, code }` with the status from
 * HTTP_STATUS, and `Cache-Control: no-store` on every answer (the data changes with each scan and
 * is private to the workspace). See ../README.md.
 */
import { NextResponse } from "next/server";
import { HTTP_STATUS, RateLimitedError, ServiceError } from "@/lib/services/errors";

const HEADERS = { "Cache-Control": "no-store" } as const;

/** A JSON answer: 200, or 201 (created) and 202 (accepted: a queued scan) from the write routes. */
export function ok(body: unknown, status: 200 | 201 | 202 = 200): NextResponse {
  return NextResponse.json(body, { status, headers: HEADERS });
}

/** 204 for a DELETE that succeeded: no body. */
export function noContent(): NextResponse {
  return new NextResponse(null, { status: 204, headers: HEADERS });
}

/**
 * Headers an error status needs: a 401 names the scheme to use (RFC 9110 §11.6.1, RFC 6750 §3),
 * a 429 when to retry (RFC 6585 §4, RFC 9110 §10.2.3).
 */
function errorHeaders(err: ServiceError): Record<string, string> {
  if (err.code === "UNAUTHENTICATED") return { ...HEADERS, "WWW-Authenticate": 'Bearer realm="mailposture"' };
  if (err instanceof RateLimitedError) return { ...HEADERS, "Retry-After": String(Math.max(1, Math.ceil(err.retryAfterSeconds))) };
  return HEADERS;
}

export function fail(err: unknown, where: string): NextResponse {
  if (err instanceof ServiceError) {
    return NextResponse.json(
      { error: err.message, code: err.code, ...(err.fieldErrors ? { fields: err.fieldErrors } : {}) },
      { status: HTTP_STATUS[err.code], headers: errorHeaders(err) },
    );
  }
  // A path segment with a malformed percent-escape (`%ff%fe`) names nothing: 404, like an unknown name (../README.md).
  if (err instanceof URIError) return NextResponse.json({ error: "No such resource", code: "NOT_FOUND" }, { status: HTTP_STATUS.NOT_FOUND, headers: HEADERS });
  console.error(`[api v1] ${where}`, err);
  return NextResponse.json({ error: "internal error", code: "INTERNAL" }, { status: 500, headers: HEADERS });
}
