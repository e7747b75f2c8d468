/** Small display helpers shared by the history and compare views. Pure. */
import { formatDuration as formatReportDuration } from "@/lib/report/format";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "28 Nov 2026 12:00 UTC" */
export function formatScanTime(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** "28 Nov 2026" */
export function formatScanDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "1.8 s", "2 min 5 s" */
export function formatDuration(ms: number | null): string | null {
  if (ms === null || ms < 0) return null;
  return formatReportDuration(ms);
}

/** "+16", "−3", "±0" with a real minus sign. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : "±0";
}

export const scanHref = (domain: string, id: string) => `/domains/${encodeURIComponent(domain)}/scans/${id}`;
export const compareHref = (domain: string, a: string, b: string) => `/domains/${encodeURIComponent(domain)}/compare?a=${a}&b=${b}`;
export const historyHref = (domain: string) => `/domains/${encodeURIComponent(domain)}/history`;
