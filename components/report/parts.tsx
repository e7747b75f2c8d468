import { Fragment, type ReactNode } from "react";
import type { Fact } from "@/lib/report/area-facts";
import { rfcLinks } from "@/lib/report/rfc";
import { CopyButton } from "@/components/ui/copy-button";
import { SafeUri } from "@/components/ui/safe-uri";
import { UntrustedText } from "@/components/ui/untrusted-text";

/** Table cell classes shared by the report's tables. */
export const TH = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
export const TD = "px-3 py-2 align-top";
export const TABLE_WRAP = "overflow-x-auto rounded-md border border-slate-200";

/** Catalogue text (ours, trusted) with `backticks` rendered as code; still only text nodes. */
export function CatalogueText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] text-slate-800 [overflow-wrap:anywhere] print:bg-white">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

/** "RFC 8461 §3.2; RFC 8996" as links to the RFC Editor (the only links a snapshot leads out through). */
export function RfcRefs({ text }: { text?: string }) {
  const links = rfcLinks(text);
  if (links.length === 0) return text ? <span>{text}</span> : null;
  return (
    <span className="inline-flex flex-wrap gap-x-2">
      {links.map((l) => (
        <a key={l.href} href={l.href} rel="noopener noreferrer" className="rfc-link text-blue-700 underline decoration-blue-300 underline-offset-2 hover:decoration-blue-700">
          {l.label}
        </a>
      ))}
    </span>
  );
}

/** A small neutral chip: owner, effort, host. */
export function Chip({ children, mono, title }: { children: ReactNode; mono?: boolean; title?: string }) {
  return (
    <span title={title} className={`inline-flex max-w-full items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 ${mono ? "font-mono" : ""}`}>
      {children}
    </span>
  );
}

/** An MX or policy host name from the report: mono, untrusted. */
export function HostName({ name, className = "", keepWords }: { name: string; className?: string; keepWords?: boolean }) {
  return <UntrustedText value={name} mono className={className} keepWords={keepWords} />;
}

/** Key facts of an area as a definition list. */
export function FactList({ facts }: { facts: Fact[] }) {
  if (facts.length === 0) return null;
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
      {facts.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{f.label}</dt>
          <dd className="text-slate-900">
            {f.uris ? (
              <span className="flex flex-col gap-0.5">
                {f.uris.map((u, i) => (
                  <SafeUri key={i} uri={u} />
                ))}
              </span>
            ) : (
              <UntrustedText value={f.value} mono={f.mono} />
            )}
            {f.note ? (
              <span className="ml-1 text-slate-500">
                · <UntrustedText value={f.note} />
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A DNS record as published: owner name, type, value (never truncated), with copy for the value. */
export function PublishedRecord({ name, type = "TXT", value, note, copyLabel }: { name: string; type?: string; value: string; note?: ReactNode; copyLabel: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 print:bg-white">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600">
        <span className="min-w-0">
          <UntrustedText value={name} mono /> <span className="font-mono">{type}</span>
          {note ? <span className="ml-2">{note}</span> : null}
        </span>
        <CopyButton text={value} label={copyLabel} />
      </div>
      <p className="px-3 py-2 font-mono text-[0.8125rem] leading-5 text-slate-900">
        <UntrustedText value={value} mono />
      </p>
    </div>
  );
}

/** Yes/no with an icon-free word, for table cells. */
export function YesNo({ value, yes = "yes", no = "no" }: { value: boolean | undefined; yes?: string; no?: string }) {
  if (value === undefined) return <span className="text-slate-500">—</span>;
  return <span className={value ? "text-emerald-800" : "font-medium text-red-800"}>{value ? `✓ ${yes}` : `✕ ${no}`}</span>;
}

/** A sub-heading inside evidence. */
export function EvidenceHeading({ children }: { children: ReactNode }) {
  return <h4 className="text-sm font-semibold text-slate-800">{children}</h4>;
}
