/**
 * Next.js Proxy (the Next 16 name of middleware): runs before every page, route handler and server
 * action. It only wires lib/security: refuse a foreign Host (DNS rebinding) and a state-changing
 * request without the app's own Origin (cross-site and rebinding server actions) with a 403 before
 * Next.js runs anything, and give each response a fresh CSP nonce and the security headers.
 */
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/csp";
import { hasMalformedEscape, malformedPathResponse } from "@/lib/security/paths";
import { appOrigins } from "@/lib/security/settings";
import { requestVerdict } from "@/lib/security/verdict";

export function proxy(request: NextRequest): NextResponse {
  const allowed = appOrigins();
  const csp = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", upgradeInsecure: allowed.secure });
  const headers = securityHeaders(csp);
  const verdict = requestVerdict({ method: request.method, host: request.headers.get("host"), origin: request.headers.get("origin") }, allowed);
  if (!verdict.allow) {
    return new NextResponse(`Forbidden: ${verdict.reason}.\n`, {
      status: verdict.status,
      headers: { ...headers, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  if (hasMalformedEscape(request.nextUrl.pathname)) {
    const { body, contentType } = malformedPathResponse(request.nextUrl.pathname);
    return new NextResponse(body, { status: 404, headers: { ...headers, "Content-Type": contentType, "Cache-Control": "no-store" } });
  }
  // Next.js reads the nonce from the request's CSP header while rendering and puts it on its own
  // scripts; the same policy goes out on the response for the browser to enforce.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's immutable assets (public JavaScript and CSS, nothing to protect):
  // prefetches included, since a rebinding page could otherwise read pages as prefetches.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
