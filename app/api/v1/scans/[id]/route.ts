import { apiScope } from "../../_http/scope";
import { fail, ok } from "../../_http/respond";
import { getApiScan } from "@/lib/services/api/v1";

export const dynamic = "force-dynamic";

/** GET /api/v1/scans/{id} — scan metadata and the stored report (spec JSON, schemaVersion 1). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    const scope = await apiScope(req);
    return ok(await getApiScan(scope, id));
  } catch (err) {
    return fail(err, "GET scan");
  }
}
