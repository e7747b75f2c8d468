import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { getSuggestedFile } from "@/lib/services/policies/suggested-file";
import { actionScope } from "@/app/_auth/viewer";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

/**
 * GET /api/domains/{domain}/files/{file} — a suggested file from the latest finished scan, as a
 * download: mta-sts.txt, records.zone, tlsa.zone, dmarc.zone. 404 for an unknown domain or file.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ domain: string; file: string }> }) {
  try {
    const { domain, file } = await ctx.params;
    const found = await getSuggestedFile(await actionScope(), domain, file);
    return new Response(found.body, {
      headers: {
        ...NO_STORE,
        "Content-Type": "text/plain; charset=utf-8",
        // The name is built from the A-label domain and a fixed file name only ([a-z0-9.-]).
        "Content-Disposition": `attachment; filename="${found.filename}"`,
      },
    });
  } catch (err) {
    const status = err instanceof ServiceError ? HTTP_STATUS[err.code] : 500;
    if (!(err instanceof ServiceError)) console.error("[api] GET suggested file", err);
    const message = err instanceof ServiceError ? err.message : "internal error";
    return new Response(`${message}\n`, { status, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
  }
}
