import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TriangleAlert } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { requireViewer } from "@/app/_auth/viewer";
import { roleCan } from "@/lib/services/access/roles";
import { previewDeleteDomains } from "@/lib/services/domains/delete-preview";
import { deleteDomainsFromForm } from "./actions";
import { ConfirmDelete } from "./_components/confirm-delete";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Delete domains" };

const fmt = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${fmt(n)} ${n === 1 ? one : many}`;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The confirmation step of the portfolio's "Delete selected" and of a domain page's "Delete domain"
 * (`from=domain`; /domains/<d>/delete redirects here): a GET with the names, so it works without
 * JavaScript, showing what will go and one irreversible button. It lives outside the domain pages'
 * loading boundary, whose streamed content would need JavaScript to appear.
 */
export default async function DeleteDomainsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const raw = sp.domain;
  const names = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((n) => n.trim() !== "");
  const { scope } = await requireViewer("/delete");
  // From a domain's page, Cancel goes back to it.
  const fromDomain = sp.from === "domain" && names.length === 1 ? `/domains/${encodeURIComponent(names[0]!.toLowerCase())}` : null;
  const cancelHref = fromDomain ?? "/";
  const header = <h1 className="text-2xl font-semibold text-slate-900">Delete domains</h1>;

  if (!roleCan(scope.role, "write")) {
    return (
      <div className="space-y-4">
        {header}
        <p className="text-sm text-slate-700">Your role ({scope.role}) can see this workspace&apos;s domains but not delete them.</p>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Back
        </Link>
      </div>
    );
  }

  const preview = names.length > 0 ? await previewDeleteDomains(scope, names) : { domains: [], missing: [], scans: 0 };
  // Names given, none of them here: another workspace's domain reads like one never added.
  if (names.length > 0 && preview.domains.length === 0) notFound();
  if (preview.domains.length === 0) {
    return (
      <div className="space-y-4">
        {header}
        <p className="text-sm text-slate-700">{names.length === 0 ? "No domain was selected." : "None of the selected domains is in this workspace (any more)."}</p>
        <Link href="/" className={buttonClass("secondary")}>
          Back to domains
        </Link>
      </div>
    );
  }

  const count = preview.domains.length;
  const only = count === 1 ? preview.domains[0]! : null;
  const label = only
    ? `Delete ${only.name} and its ${plural(only.scans, "scan", "scans")}`
    : `Delete ${plural(count, "domain", "domains")} and their ${plural(preview.scans, "scan", "scans")}`;
  return (
    <div className="max-w-3xl space-y-5">
      {only ? (
        <h1 className="text-2xl font-semibold text-slate-900 [overflow-wrap:anywhere]">
          Delete <span className="font-mono">{only.name}</span>?
        </h1>
      ) : (
        header
      )}
      <div className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
        <p>
          This removes {count === 1 ? "this domain" : `these ${fmt(count)} domains`} from the workspace with every scan, finding, change event and share link. It cannot be undone. Queued and
          running scans are cancelled. Past weekly totals on the Trends page keep counting them.
        </p>
      </div>
      <section aria-labelledby="list-h" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="list-h" className="border-b border-slate-100 px-3 py-2 text-sm font-semibold text-slate-900">
          {plural(count, "domain", "domains")}, {plural(preview.scans, "scan", "scans")}
        </h2>
        <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto text-sm">
          {preview.domains.map((d) => (
            <li key={d.name} className="flex flex-wrap justify-between gap-2 px-3 py-1.5">
              <span className="font-mono [overflow-wrap:anywhere]">{d.name}</span>
              <span className="text-slate-600">
                {plural(d.scans, "scan", "scans")}
                {d.active ? " · one queued or running" : ""}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {preview.missing.length > 0 ? (
        <p className="text-sm text-slate-700">
          Not in this workspace, left out: <span className="font-mono [overflow-wrap:anywhere]">{preview.missing.join(", ")}</span>
        </p>
      ) : null}
      <ConfirmDelete names={preview.domains.map((d) => d.name)} label={label} cancelHref={cancelHref} action={deleteDomainsFromForm} />
    </div>
  );
}
