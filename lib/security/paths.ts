/**
 * Paths whose percent-escapes do not decode (`/domains/%ff%fe`: not UTF-8) name nothing the app
 * serves. Next.js decodes route parameters before any page or route code runs and answers such a
 * path with a 500, so the proxy refuses them first with a plain 404 (RFC 3986 §2.1 escapes
 * octets; the app's names are UTF-8, so an escape sequence that is not UTF-8 cannot name one).
 */
export function hasMalformedEscape(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** The 404 for such a path: the JSON API's error shape under /api/, plain text elsewhere. */
export function malformedPathResponse(pathname: string): { body: string; contentType: string } {
  return pathname.startsWith("/api/")
    ? { body: JSON.stringify({ error: "No such resource", code: "NOT_FOUND" }), contentType: "application/json" }
    : { body: "Not found: the address contains a malformed percent-escape.\n", contentType: "text/plain; charset=utf-8" };
}

/** Request header proxy.ts sets to the path and query asked for (read by the sign-in redirect). */
export const REQUEST_PATH_HEADER = "x-mailposture-path";
