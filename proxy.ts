/**
 * Next.js Proxy (the Next 16 name of middleware): runs before every page, route handler and server
 * action. It only wires lib/security: refuse a foreign Host (DNS rebinding) and a state-changing
 * request without the app's own Origin (cross-site and rebinding server actions) with a 403 before
 * Next.js runs anything, and give each response a fresh CSP nonce and the security headers.
 */
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/csp";
import { hasMalformedEscape, malformedPathResponse, REQUEST_PATH_HEADER } from "@/lib/security/paths";
import { appOrigins } from "@/lib/security/settings";
import { requestVerdict } from "@/lib/security/verdict";

/**
 * A share link carries its token in the path (/s/<token>): the page must not hand it on as a
 * Referer (the report links out to RFCs), be kept by a cache, or be indexed if the address leaks.
 */
const SHARE_LINK_HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } as const;

export function proxy(request: NextRequest): NextResponse {
  const allowed = appOrigins();
  const csp = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", upgradeInsecure: allowed.secure });
  const headers = securityHeaders(csp);
  const verdict = requestVerdict(
    {
      method: request.method,
      host: request.headers.get("host"),
      origin: request.headers.get("origin"),
      path: request.nextUrl.pathname,
      hasBearer: /^bearer\s/i.test(request.headers.get("authorization") ?? ""),
      hasCookie: request.headers.has("cookie"),
    },
    allowed,
  );
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
  // The path asked for, for the sign-in redirect's "next" (layouts do not know their URL); always
  // set here, so a client cannot supply its own.
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (request.nextUrl.pathname.startsWith("/s/")) for (const [name, value] of Object.entries(SHARE_LINK_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's immutable assets (public JavaScript and CSS, nothing to protect):
  // prefetches included, since a rebinding page could otherwise read pages as prefetches.
  // Also not the TLS-RPT receiver (/r/tlsrpt/<token>, RFC 8460 §5): when the proxy runs, Next.js
  // reads a POST's whole body before the route sees it (buffering up to its limit, draining the
  // rest), which would defeat the receiver's own streaming cap (413 at 15 MB, nothing more read)
  // and its 30 s deadline for slow bodies. The route answers only token-bearing POSTs with plain
  // text and sets its own headers; requestVerdict still admits it should the matcher include it.
  matcher: ["/((?!_next/static|_next/image|r/tlsrpt/).*)"],
};
