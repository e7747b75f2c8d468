import { sharedReportPdf } from "@/lib/services/sharing/share-links";
import { pdfError, pdfResponse } from "@/app/(app)/domains/[domain]/report.pdf/respond";

export const dynamic = "force-dynamic";

/** GET /s/{token}/report.pdf — the shared report as a PDF; 404 when the link does not open or has no report. */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  // A malformed escape makes the params themselves throw: no token, so not found.
  const token = await ctx.params.then((p) => p.token, () => null);
  if (token === null) return pdfError(null, "GET /s/report.pdf");
  try {
    const pdf = await sharedReportPdf(token);
    return pdf ? pdfResponse(pdf) : pdfError(null, "GET /s/report.pdf");
  } catch (err) {
    return pdfError(err, "GET /s/report.pdf");
  }
}
