import { readJson } from "../../../_http/body";
import { apiScope } from "../../../_http/scope";
import { fail, ok } from "../../../_http/respond";
import { apiCreateShareLink } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** POST /api/v1/domains/{domain}/share-links `{ expiresInDays?, scanId?, label? }` — 201 with the link's absolute URL. */
export async function POST(req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const { domain } = await ctx.params;
    const scope = await apiScope(req);
    return ok(await apiCreateShareLink(scope, domain, await readJson(req)), 201);
  } catch (err) {
    return fail(err, "POST share link");
  }
}
