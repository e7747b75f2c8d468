/**
 * Better Auth's HTTP endpoints, narrowed to what a browser must reach directly: the single sign-on
 * callback. Everything else (sign-in, sign-up, sign-out, password change) runs through server
 * actions on the server, so open sign-up and the library's other endpoints are not exposed.
 */
import { getAuth } from "@/app/_auth/auth";
import { OIDC_PROVIDER_ID } from "@/lib/services/auth/create-auth";

const ALLOWED = new Set([`/api/auth/callback/${OIDC_PROVIDER_ID}`]);

async function handle(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (!ALLOWED.has(path)) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return (await getAuth()).handler(request);
}

// The provider sends the browser back with a GET (authorization code in the query); Better Auth
// never asks for response_mode=form_post, whose cross-site POST proxy.ts would refuse anyway.
export const GET = handle;
