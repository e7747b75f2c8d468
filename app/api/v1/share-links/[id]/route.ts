import { apiScope } from "../../_http/scope";
import { fail, noContent } from "../../_http/respond";
import { apiRevokeShareLink } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/share-links/{id} — revokes the link at once; 204. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    const scope = await apiScope(req);
    await apiRevokeShareLink(scope, id);
    return noContent();
  } catch (err) {
    return fail(err, "DELETE share link");
  }
}
