import { UntrustedText } from "@/components/ui/untrusted-text";
import type { DiffPart } from "@/lib/report/diff";

/**
 * One side of a word diff: removed words struck through, added words underlined and tinted, and
 * the words "removed:" / "added:" for screen readers (and in forced-colours and print, where the
 * marks carry the meaning).
 */
export function WordDiff({ parts, side }: { parts: DiffPart[]; side: "before" | "after" }) {
  return (
    <span className="font-mono text-[0.8125rem] [overflow-wrap:anywhere]">
      {parts.map((p, i) =>
        p.op === "same" ? (
          <UntrustedText key={i} value={p.text} maxBytes={0} />
        ) : side === "before" ? (
          <del key={i} className="rounded-sm bg-red-50 text-red-900 decoration-red-700 decoration-2 print:bg-white print:text-black">
            <span className="sr-only">removed: </span>
            <UntrustedText value={p.text} maxBytes={0} />
          </del>
        ) : (
          <ins key={i} className="rounded-sm bg-emerald-50 font-semibold text-emerald-900 underline decoration-emerald-700 decoration-2 print:bg-white print:text-black">
            <span className="sr-only">added: </span>
            <UntrustedText value={p.text} maxBytes={0} />
          </ins>
        ),
      )}
    </span>
  );
}
