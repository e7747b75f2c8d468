import { fail, ok } from "../../../_http/respond";
import { pagingFrom } from "@/lib/services/api/params";
import { listApiDomainScans } from "@/lib/services/api/v1";

export const dynamic = "force-dynamic";

/** GET /api/v1/domains/{domain}/scans?page=&per_page= — that domain's scans, newest first, without reports. */
export async function GET(req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const { domain } = await ctx.params;
    return ok(await listApiDomainScans(domain, pagingFrom(new URL(req.url).searchParams)));
  } catch (err) {
    return fail(err, "GET domain scans");
  }
}
