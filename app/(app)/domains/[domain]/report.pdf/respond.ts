import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import type { ReportPdf } from "@/lib/services/reports/pdf-report";

const NO_STORE = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

/** The PDF as a download. The file name is built from the A-label domain and a date only ([a-z0-9.-]). */
export function pdfResponse(pdf: ReportPdf): Response {
  return new Response(new Uint8Array(pdf.body), {
    headers: {
      ...NO_STORE,
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${pdf.fileName}"`,
      "Content-Length": String(pdf.body.length),
    },
  });
}

/** A service error as its status in plain text; `null` is a malformed address (404). */
export function pdfError(err: unknown, where: string): Response {
  const headers = { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" };
  if (err === null) return new Response("Not found\n", { status: 404, headers });
  if (err instanceof ServiceError) return new Response(`${err.message}\n`, { status: HTTP_STATUS[err.code], headers });
  console.error(`[pdf] ${where}`, err);
  return new Response("internal error\n", { status: 500, headers });
}
