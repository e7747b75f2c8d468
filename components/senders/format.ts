/** Numbers of the sender views in words: counts with thousands separators, shares with their denominator (docs/ui.md §2). */
export const fmt = (n: number): string => n.toLocaleString("en-US");

export function share(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const p = (part / whole) * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)} %`;
}

export const sendersHref = (domain: string): string => `/domains/${encodeURIComponent(domain)}/senders`;
