/**
 * Line and word diffs for the compare page: the words of a record, the lines of a policy body.
 * The edit script comes from the `diff` package (Myers' algorithm over arrays); this module only
 * decides what a token is (words and the whitespace between them; lines with CRLF and a final
 * newline not counted as differences) and numbers the lines. Pure.
 */
import { diffArrays } from "diff";

export type DiffOp = "same" | "add" | "del";
export type DiffPart = { op: DiffOp; text: string };

/**
 * Edit distance beyond which two sequences are reported as replaced wholesale rather than aligned:
 * policy bodies are capped at 64 KiB, so this only bounds the work hostile input can cause.
 */
const MAX_EDIT_LENGTH = 500;

/** Edit script turning `a` into `b`: common items `same`, items only in `a` `del`, only in `b` `add`. */
export function diffSequences(a: readonly string[], b: readonly string[]): DiffPart[] {
  const changes = diffArrays([...a], [...b], { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) {
    const common = commonEnds(a, b);
    return [
      ...a.slice(0, common.head).map((text): DiffPart => ({ op: "same", text })),
      ...a.slice(common.head, a.length - common.tail).map((text): DiffPart => ({ op: "del", text })),
      ...b.slice(common.head, b.length - common.tail).map((text): DiffPart => ({ op: "add", text })),
      ...a.slice(a.length - common.tail).map((text): DiffPart => ({ op: "same", text })),
    ];
  }
  return changes.flatMap((c) => c.value.map((text): DiffPart => ({ op: c.added ? "add" : c.removed ? "del" : "same", text })));
}

/** Lengths of the common prefix and suffix (not overlapping): kept as `same` in the wholesale case. */
function commonEnds(a: readonly string[], b: readonly string[]): { head: number; tail: number } {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head, tail };
}

/** Words and the whitespace between them, so a rendered diff keeps the record's spacing. */
function tokenize(s: string): string[] {
  return s.split(/(\s+)/).filter((t) => t.length > 0);
}

export type WordDiff = { before: DiffPart[]; after: DiffPart[] };

/** Word-level diff of two one-line values: `before` marks removed words, `after` added ones. */
export function diffWords(before: string, after: string): WordDiff {
  const parts = diffSequences(tokenize(before), tokenize(after));
  // Whitespace is never marked: only words are changes a reader cares about.
  const plainSpace = (p: DiffPart): DiffPart => (/^\s+$/.test(p.text) ? { op: "same", text: p.text } : p);
  return {
    before: parts.filter((p) => p.op !== "add").map(plainSpace),
    after: parts.filter((p) => p.op !== "del").map(plainSpace),
  };
}

export type LineDiffRow = { op: DiffOp; text: string; oldNo?: number; newNo?: number };

/** Line diff of two text bodies (CRLF and a final newline are not differences). */
export function diffLines(before: string, after: string): LineDiffRow[] {
  const split = (s: string) => (s.length === 0 ? [] : s.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n"));
  let oldNo = 0;
  let newNo = 0;
  return diffSequences(split(before), split(after)).map((p) => {
    if (p.op === "same") return { ...p, oldNo: ++oldNo, newNo: ++newNo };
    if (p.op === "del") return { ...p, oldNo: ++oldNo };
    return { ...p, newNo: ++newNo };
  });
}
