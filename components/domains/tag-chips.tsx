/**
 * A domain's tags as small chips; each links to the portfolio filtered by that tag. Tags are
 * typed by people and rendered as inert text like everything else.
 */
import Link from "next/link";

export const tagFilterHref = (tag: string) => `/?tag=${encodeURIComponent(tag)}`;

export function TagChips({ tags, className = "" }: { tags: readonly string[] | undefined; className?: string }) {
  if (!tags || tags.length === 0) return null;
  return (
    <ul aria-label="Tags" className={`flex flex-wrap gap-1 ${className}`}>
      {tags.map((t) => (
        <li key={t}>
          <Link
            href={tagFilterHref(t)}
            title={`Show only domains tagged ${t}`}
            className="inline-flex min-h-6 items-center rounded-full border border-slate-300 bg-slate-50 px-2 text-xs text-slate-800 hover:border-blue-600 hover:text-blue-800"
          >
            {t}
          </Link>
        </li>
      ))}
    </ul>
  );
}
