import { apiScope } from "../../../_http/scope";
import { fail, ok } from "../../../_http/respond";
import { pagingFrom } from "@/lib/services/api/params";
import { listApiDomainScans } from "@/lib/services/api/v1";
import { apiRequestScan } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** GET /api/v1/domains/{domain}/scans?page=&per_page= — that domain's scans, newest first, without reports. */
export async function GET(req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const { domain } = await ctx.params;
    const scope = await apiScope(req);
    return ok(await listApiDomainScans(scope, domain, pagingFrom(new URL(req.url).searchParams)));
  } catch (err) {
    return fail(err, "GET domain scans");
  }
}

/** POST /api/v1/domains/{domain}/scans — 202 with the queued scan (or the one already queued or running). */
export async function POST(req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const { domain } = await ctx.params;
    const scope = await apiScope(req);
    return ok(await apiRequestScan(scope, domain), 202);
  } catch (err) {
    return fail(err, "POST domain scan");
  }
}
