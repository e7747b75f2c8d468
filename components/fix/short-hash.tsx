/**
 * A TLSA record or digest with its hex middle-elided on screen (`3 1 1 8d02…286d`) and in full in
 * print, for screen readers and on hover (docs/ui.md §2). Inert text.
 */
export function abbreviateHex(text: string, keep = 4): string {
  return text.replace(/\b[0-9a-f]{20,}\b/gi, (hex) => `${hex.slice(0, keep)}…${hex.slice(-keep)}`);
}

export function ShortHash({ text, className = "" }: { text: string; className?: string }) {
  const short = abbreviateHex(text);
  if (short === text) return <code className={`font-mono ${className}`}>{text}</code>;
  return (
    <code className={`font-mono ${className}`} title={text}>
      <span aria-hidden className="print:hidden">{short}</span>
      <span className="sr-only print:not-sr-only print:[overflow-wrap:anywhere]">{text}</span>
    </code>
  );
}
