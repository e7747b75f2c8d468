import { actionScope } from "@/app/_auth/viewer";
import { pinnedScanReportPdf } from "@/lib/services/reports/pdf-report";
import { decodeParam } from "../../../_components/params";
import { pdfError, pdfResponse } from "../../../report.pdf/respond";

export const dynamic = "force-dynamic";

/** GET /domains/{domain}/scans/{scanId}/report.pdf — the PDF of one pinned scan; 404 for an unknown domain, scan, or one without a report. */
export async function GET(_req: Request, ctx: { params: Promise<{ domain: string; scanId: string }> }) {
  try {
    const p = await ctx.params;
    const name = decodeParam(p.domain);
    if (name === null) return pdfError(null, "GET pinned report.pdf");
    return pdfResponse(await pinnedScanReportPdf(await actionScope(), name, p.scanId));
  } catch (err) {
    return pdfError(err, "GET pinned report.pdf");
  }
}
