/** RFC references of the finding catalogue ("RFC 8461 §3.2; RFC 8996") as links to the RFC Editor. Pure. */

export type RfcLink = { label: string; href: string };

const REF = /RFC\s*(\d{3,5})(?:\s*§\s*([0-9A-Z]+(?:\.[0-9]+)*))?/g;

/** Each reference in `text`, in order; text that names no RFC gives an empty list. */
export function rfcLinks(text: string | undefined): RfcLink[] {
  if (!text) return [];
  const links: RfcLink[] = [];
  for (const m of text.matchAll(REF)) {
    const [label, num, section] = m;
    const anchor = section ? (/^[A-Z]/.test(section) ? `#appendix-${section}` : `#section-${section}`) : "";
    links.push({ label: label.replace(/\s+/g, " "), href: `https://www.rfc-editor.org/rfc/rfc${num}${anchor}` });
  }
  return links;
}
