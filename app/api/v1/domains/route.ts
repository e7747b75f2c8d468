import { fail, ok } from "../_http/respond";
import { pagingFrom } from "@/lib/services/api/params";
import { listApiDomains } from "@/lib/services/api/v1";

export const dynamic = "force-dynamic";

/** GET /api/v1/domains?page=&per_page= — the workspace's domains with their latest result. */
export async function GET(req: Request) {
  try {
    return ok(await listApiDomains(pagingFrom(new URL(req.url).searchParams)));
  } catch (err) {
    return fail(err, "GET domains");
  }
}
