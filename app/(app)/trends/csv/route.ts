import { actionScope } from "@/app/_auth/viewer";
import { csvDownload } from "@/app/_http/csv-download";
import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { getTrendCsv } from "@/lib/services/trends/get-trends";

export const dynamic = "force-dynamic";

/** One trend chart's weekly numbers as a CSV download (`?chart=grades|exposure|adoption&weeks=`). */
export async function GET(req: Request) {
  const url = new URL(req.url);
  try {
    const csv = await getTrendCsv(await actionScope(), { chart: url.searchParams.get("chart") ?? undefined, weeks: url.searchParams.get("weeks") ?? undefined });
    return csvDownload(csv);
  } catch (err) {
    if (err instanceof ServiceError) return new Response(`${err.message}\n`, { status: HTTP_STATUS[err.code], headers: { "Content-Type": "text/plain; charset=utf-8" } });
    console.error("[trends] csv", err);
    return new Response("Internal error\n", { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
