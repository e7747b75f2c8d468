/**
 * RFC 4180 CSV cells for every download (trends, sender reports). Text in them can come from
 * outside (an organisation name in a report), so a cell a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe: CSV injection stays text.
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of cells joined with CRLF, ending with one. */
export function csvLines(rows: (string | number | null)[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
