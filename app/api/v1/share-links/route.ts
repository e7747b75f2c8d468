import { apiScope } from "../_http/scope";
import { fail, ok } from "../_http/respond";
import { apiListShareLinks } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** GET /api/v1/share-links — the workspace's active share links, newest first (never their secrets). */
export async function GET(req: Request) {
  try {
    return ok(await apiListShareLinks(await apiScope(req)));
  } catch (err) {
    return fail(err, "GET share links");
  }
}
