import type { Metadata } from "next";
import Link from "next/link";
import { XCircle } from "lucide-react";
import { requireViewer } from "@/app/_auth/viewer";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { formatUtcLong } from "@/lib/report/format";
import { roleCan } from "@/lib/services/access/roles";
import { listShareLinks, type ShareLinkStatus } from "@/lib/services/sharing/share-links";
import { revokeShareLinkFromForm } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Share links" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_LABEL: Record<ShareLinkStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };
const th = "px-2 py-1.5 text-left font-medium text-slate-700 whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

/** The workspace's read-only share links: who can still read what, and a Revoke per link. */
export default async function ShareLinksPage({ searchParams }: Props) {
  const sp = await searchParams;
  const { scope } = await requireViewer("/settings/share-links");
  const all = sp.all === "1";
  const canShare = roleCan(scope.role, "share");
  const links = await listShareLinks(scope, { includeInactive: all });
  const active = all ? links.filter((l) => l.status === "active").length : links.length;
  const now = new Date();
  const error = typeof sp.error === "string" ? sp.error : null;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / Share links
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Share links</h1>
        <p className="text-sm text-slate-600">
          {active === 0 ? "No link is active: nobody outside the workspace can read a report." : `${active} active ${active === 1 ? "link" : "links"}: whoever has one can read that domain's report and fix advice without signing in, until it expires or is revoked.`}{" "}
          Links are made with Share on a domain&apos;s report.
        </p>
      </header>
      {error ? <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">{error}</p> : null}
      {sp.revoked === "1" ? <p role="status" className="text-sm text-green-800">Link revoked: it no longer opens.</p> : null}

      <Card labelledBy="links-h">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="links-h" className="text-base font-semibold">{all ? "All links" : "Active links"}</h2>
          <Link href={all ? "/settings/share-links" : "/settings/share-links?all=1"} className="text-sm text-blue-700 underline-offset-2 hover:underline">
            {all ? "Show active links only" : "Show expired and revoked links too"}
          </Link>
        </div>
        {!canShare ? <p className="text-sm text-slate-600">Your role can see these links but not revoke them.</p> : null}
        {links.length === 0 ? (
          <div className="mt-3">
            <EmptyState title={all ? "No share links yet" : "No active share links"} />
          </div>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{all ? "All share links of this workspace, newest first" : "Active share links of this workspace, newest first"}</caption>
              <thead className="border-b border-slate-200">
                <tr>
                  <th scope="col" className={th}>Label</th>
                  <th scope="col" className={th}>Domain</th>
                  <th scope="col" className={th}>Shows</th>
                  <th scope="col" className={th}>Created</th>
                  <th scope="col" className={th}>Expires</th>
                  <th scope="col" className={th}>Last opened</th>
                  <th scope="col" className={`${th} text-right`}>Opens</th>
                  {all ? <th scope="col" className={th}>State</th> : null}
                  {canShare ? <th scope="col" className={th}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {links.map((l) => (
                  <tr key={l.id}>
                    <th scope="row" id={`link-${l.id}`} className={`${td} text-left font-medium [overflow-wrap:anywhere]`}>
                      {l.label ?? <span className="font-normal text-slate-500">No label</span>}
                    </th>
                    <td className={`${td} font-mono [overflow-wrap:anywhere]`}>{l.domain}</td>
                    <td className={td}>
                      {l.scanId === null ? "Live report" : l.scanFinishedAt ? <>Scan of {formatUtcLong(l.scanFinishedAt)}</> : "A scan no longer stored"}
                    </td>
                    <td className={td}>
                      <RelativeTime date={l.createdAt} now={now} />
                      {l.createdByName ? <span className="block text-xs text-slate-600">by {l.createdByName}</span> : null}
                    </td>
                    <td className={td}><time dateTime={l.expiresAt.toISOString()} className="whitespace-nowrap">{formatUtcLong(l.expiresAt)}</time></td>
                    <td className={td}>{l.lastOpenedAt ? <RelativeTime date={l.lastOpenedAt} now={now} /> : <span className="text-slate-500">Never</span>}</td>
                    <td className={`${td} text-right tabular-nums`}>{l.openCount}</td>
                    {all ? <td className={td}>{STATUS_LABEL[l.status]}</td> : null}
                    {canShare ? (
                      <td className={`${td} text-right`}>
                        {l.status === "active" ? (
                          <form action={revokeShareLinkFromForm}>
                            <input type="hidden" name="id" value={l.id} />
                            {all ? <input type="hidden" name="all" value="1" /> : null}
                            <button type="submit" aria-describedby={`link-${l.id}`} className={buttonClass("secondary", "sm")}>
                              <XCircle aria-hidden className="h-3.5 w-3.5" /> Revoke
                            </button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
