/**
 * A CSV file as a download, for every route that offers one (trends, sender reports). The file name
 * is built by the services from A-label domains, chart keys and dates only: nothing to escape.
 */
export function csvDownload(csv: { body: string; filename: string }): Response {
  return new Response(csv.body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
