import { fail, ok } from "../_http/respond";
import { appPublicUrl } from "@/lib/security/settings";
import { buildOpenApiDocument } from "@/lib/services/api/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — the API's OpenAPI 3.1 description; public (it describes, it reveals no data). */
export async function GET() {
  try {
    return ok(buildOpenApiDocument(appPublicUrl()));
  } catch (err) {
    return fail(err, "GET openapi.json");
  }
}
