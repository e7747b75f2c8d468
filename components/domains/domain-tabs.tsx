import Link from "next/link";

const TABS = [
  { key: "report", label: "Report", href: (d: string) => `/domains/${encodeURIComponent(d)}` },
  { key: "history", label: "History", href: (d: string) => `/domains/${encodeURIComponent(d)}/history` },
  { key: "fix", label: "Fix", href: (d: string) => `/domains/${encodeURIComponent(d)}/fix` },
  { key: "events", label: "Events", href: (d: string) => `/domains/${encodeURIComponent(d)}/events` },
  { key: "senders", label: "Senders", href: (d: string) => `/domains/${encodeURIComponent(d)}/senders` },
] as const;

export type DomainTab = (typeof TABS)[number]["key"];

/** Breadcrumb and the Report · History · Fix tabs of a domain's pages. */
export function DomainTabs({ domain, active }: { domain: string; active: DomainTab }) {
  return (
    <div className="no-print space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/" className="text-blue-700 underline hover:no-underline">Domains</Link> / <span className="font-mono">{domain}</span>
      </nav>
      <nav aria-label="Domain pages" className="flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={t.href(domain)}
            aria-current={t.key === active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${t.key === active ? "border-blue-700 text-slate-900" : "border-transparent text-blue-700 hover:border-slate-300"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
