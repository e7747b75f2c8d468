/**
 * Who calls the JSON API: the workspace and role of the request's bearer token (RFC 6750 §2.1,
 * `Authorization: Bearer <token>`). No session cookie is accepted here: the API is for scripts,
 * and a cookie-authenticated API would need the CSRF defences the bearer scheme makes moot
 * (proxy.ts lets a cookie-less bearer POST through without an Origin). See ../README.md.
 *
 * Route handlers await their path params first: a segment that does not decode is 404 whoever
 * asks, and a rejected params promise must not sit unobserved while the token is looked up.
 */
import { UnauthenticatedError } from "@/lib/services/access/roles";
import type { Scope } from "@/lib/services/access/scope";
import { authenticateApiToken } from "@/lib/services/api-tokens/tokens";

// RFC 9110 §11.1: the auth scheme is case-insensitive; RFC 6750 §2.1: one space, then the token.
const BEARER = /^bearer +(\S+)\s*$/i;

export async function apiScope(request: Request): Promise<Scope> {
  const header = request.headers.get("authorization");
  if (!header) throw new UnauthenticatedError("Send an API token: Authorization: Bearer <token> (Settings → API tokens)");
  const match = BEARER.exec(header.trim());
  if (!match) throw new UnauthenticatedError("Use the Bearer scheme: Authorization: Bearer <token>");
  return authenticateApiToken(match[1]!);
}
