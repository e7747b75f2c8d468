/**
 * Response helpers of the read-only JSON API (v1): one error shape `{ error, code }` with the
 * status from HTTP_STATUS, and `Cache-Control: no-store` on every answer (the data changes with
 * each scan and may be private to the workspace). See ../README.md.
 */
import { NextResponse } from "next/server";
import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";

const HEADERS = { "Cache-Control": "no-store" } as const;

export function ok(body: unknown): NextResponse {
  return NextResponse.json(body, { headers: HEADERS });
}

export function fail(err: unknown, where: string): NextResponse {
  if (err instanceof ServiceError) {
    return NextResponse.json(
      { error: err.message, code: err.code, ...(err.fieldErrors ? { fields: err.fieldErrors } : {}) },
      { status: HTTP_STATUS[err.code], headers: HEADERS },
    );
  }
  // A path segment with a malformed percent-escape (`%ff%fe`) names nothing: 404, like an unknown name (../README.md).
  if (err instanceof URIError) return NextResponse.json({ error: "No such resource", code: "NOT_FOUND" }, { status: HTTP_STATUS.NOT_FOUND, headers: HEADERS });
  console.error(`[api v1] ${where}`, err);
  return NextResponse.json({ error: "internal error", code: "INTERNAL" }, { status: 500, headers: HEADERS });
}
