import { readJson } from "../_http/body";
import { apiScope } from "../_http/scope";
import { fail, ok } from "../_http/respond";
import { pagingFrom } from "@/lib/services/api/params";
import { listApiDomains } from "@/lib/services/api/v1";
import { apiAddDomain } from "@/lib/services/api/v1-write";

export const dynamic = "force-dynamic";

/** GET /api/v1/domains?page=&per_page= — the workspace's domains with their latest result. */
export async function GET(req: Request) {
  try {
    return ok(await listApiDomains(await apiScope(req), pagingFrom(new URL(req.url).searchParams)));
  } catch (err) {
    return fail(err, "GET domains");
  }
}

/** POST /api/v1/domains `{ "domain": "…" }` — 201 with the domain (its first scan queued), 200 when it was there already. */
export async function POST(req: Request) {
  try {
    const scope = await apiScope(req);
    const { created, domain } = await apiAddDomain(scope, await readJson(req));
    return ok(domain, created ? 201 : 200);
  } catch (err) {
    return fail(err, "POST domains");
  }
}
