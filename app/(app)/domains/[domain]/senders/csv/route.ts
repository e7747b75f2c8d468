import { actionScope } from "@/app/_auth/viewer";
import { csvDownload } from "@/app/_http/csv-download";
import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { getSenderReportsCsv } from "@/lib/services/senders/views";
import { decodeParam } from "../../_components/params";

export const dynamic = "force-dynamic";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

/** GET /domains/{domain}/senders/csv — the domain's sender reports (last 90 days), one line each; 404 outside the workspace. */
export async function GET(_req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const name = decodeParam((await ctx.params).domain);
    if (name === null) return new Response("Not found\n", { status: 404, headers: TEXT });
    const csv = await getSenderReportsCsv(await actionScope(), name);
    return csvDownload(csv);
  } catch (err) {
    if (err instanceof ServiceError) return new Response(`${err.message}\n`, { status: HTTP_STATUS[err.code], headers: TEXT });
    console.error("[senders] csv", err);
    return new Response("Internal error\n", { status: 500, headers: TEXT });
  }
}
