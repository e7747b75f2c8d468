import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_auth/viewer";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { roleCan } from "@/lib/services/access/roles";
import { listAuditLog } from "@/lib/services/audit-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What each logged action reads as; an action this page does not know is shown by its key. */
const WHAT: Record<string, string> = {
  "domain.add": "Added",
  "domain.delete": "Deleted",
  "domain.rescan": "Rescanned",
  "domain.tag": "Changed tags of",
  "share.create": "Shared",
  "share.revoke": "Revoked a share link of",
  "token.create": "Created API token",
  "token.revoke": "Revoked API token",
  "member.invite": "Invited",
  "member.join": "Joined:",
  "member.role": "Changed the role of",
  "member.remove": "Removed member",
  "invite.revoke": "Revoked the invitation of",
  "workspace.create": "Created the workspace",
  "workspace.settings": "Changed workspace settings",
  "alert.change": "Changed alerts:",
};

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** One line from an entry's detail: the names behind "3 domains", a tag change, a role. */
function detailLine(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return null;
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  if (isStringList(d.before) && isStringList(d.after)) parts.push(`tags: ${d.before.join(", ") || "none"} → ${d.after.join(", ") || "none"}`);
  if (typeof d.added === "string") parts.push(`added tag “${d.added}”`);
  if (typeof d.removed === "string") parts.push(`removed tag “${d.removed}”`);
  if (typeof d.role === "string") parts.push(`role ${d.role}`);
  if (isStringList(d.names) && d.names.length > 1) {
    const shown = d.names.slice(0, 20);
    parts.push(`${shown.join(", ")}${d.names.length > shown.length ? ` and ${d.names.length - shown.length} more` : ""}`);
  }
  return parts.length > 0 ? parts.join("; ") : null;
}

function actorKind(actor: string): string | null {
  if (actor.startsWith("token:")) return "API token";
  if (actor === "cli") return "command line";
  if (actor === "system") return "system";
  return null;
}

const th = "px-2 py-1.5 text-left font-medium text-slate-700 whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

/** Who did what in the workspace, newest first (owners and admins: the `manage` permission). */
export default async function AuditLogPage({ searchParams }: Props) {
  const sp = await searchParams;
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const { scope } = await requireViewer("/settings/audit");
  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
      <Link href="/settings" className="text-blue-700 underline">
        Settings
      </Link>{" "}
      / Audit log
    </nav>
  );
  if (!roleCan(scope.role, "manage")) {
    return (
      <div className="space-y-6">
        {breadcrumb}
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-700">Only owners and admins can read the audit log. Your role here is {scope.role}.</p>
      </div>
    );
  }
  const page = await listAuditLog(scope, { before });
  const now = new Date();
  return (
    <div className="space-y-6">
      {breadcrumb}
      <header>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">Who added, deleted, rescanned, tagged or shared domains, managed members and tokens, or changed settings — newest first.</p>
      </header>
      <Card labelledBy="audit-h">
        <h2 id="audit-h" className="text-base font-semibold">
          {before ? "Older entries" : "Latest entries"}
        </h2>
        {page.rows.length === 0 ? (
          <div className="mt-3">
            <EmptyState title={before ? "No older entries" : "Nothing has been logged yet"} />
          </div>
        ) : (
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Audit log entries, newest first</caption>
              <thead className="border-b border-slate-200">
                <tr>
                  <th scope="col" className={th}>When</th>
                  <th scope="col" className={th}>Who</th>
                  <th scope="col" className={th}>What</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((r) => {
                  const kind = actorKind(r.actor);
                  const detail = detailLine(r.detail);
                  return (
                    <tr key={r.id} data-audit-action={r.action}>
                      <td className={`${td} text-slate-700`}>
                        <RelativeTime date={r.at} now={now} />
                      </td>
                      <td className={td}>
                        {r.actorName}
                        {kind ? <span className="text-slate-500"> ({kind})</span> : null}
                      </td>
                      <td className={`${td} [overflow-wrap:anywhere]`}>
                        {WHAT[r.action] ?? r.action} {r.target ? <span className="font-mono">{r.target}</span> : null}
                        {detail ? <span className="block text-xs text-slate-600">{detail}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="mt-3 flex flex-wrap gap-2">
          {page.nextBefore ? (
            <Link href={`/settings/audit?before=${encodeURIComponent(page.nextBefore)}`} className={buttonClass("secondary")}>
              Load older
            </Link>
          ) : null}
          {before ? (
            <Link href="/settings/audit" className={buttonClass("ghost")}>
              Back to the latest
            </Link>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
