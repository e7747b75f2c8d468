import { actionScope } from "@/app/_auth/viewer";
import { domainReportPdf } from "@/lib/services/reports/pdf-report";
import { decodeParam } from "../_components/params";
import { pdfResponse, pdfError } from "./respond";

export const dynamic = "force-dynamic";

/** GET /domains/{domain}/report.pdf — the client-ready PDF of the latest finished scan; 404 for an unknown domain or one never scanned. */
export async function GET(_req: Request, ctx: { params: Promise<{ domain: string }> }) {
  try {
    const name = decodeParam((await ctx.params).domain);
    if (name === null) return pdfError(null, "GET report.pdf");
    return pdfResponse(await domainReportPdf(await actionScope(), name));
  } catch (err) {
    return pdfError(err, "GET report.pdf");
  }
}
