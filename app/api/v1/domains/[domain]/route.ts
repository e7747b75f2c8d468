import { apiScope } from "../../_http/scope";
import { fail, noContent } from "../../_http/respond";
import { apiDeleteDomain } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/domains/{domain} — the domain and all its scans; 204. Needs a write token. */
export async function DELETE(req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const { domain } = await ctx.params;
    const scope = await apiScope(req);
    await apiDeleteDomain(scope, domain);
    return noContent();
  } catch (err) {
    return fail(err, "DELETE domain");
  }
}
