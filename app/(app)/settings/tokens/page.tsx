import type { Metadata } from "next";
import Link from "next/link";
import { XCircle } from "lucide-react";
import { requireViewer } from "@/app/_auth/viewer";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { formatUtcLong } from "@/lib/report/format";
import { appPublicUrl } from "@/lib/security/settings";
import { roleCan } from "@/lib/services/access/roles";
import { listApiTokens, MAX_EXPIRES_DAYS, type ApiTokenStatus } from "@/lib/services/api-tokens/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./_components/create-token-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATUS_LABEL: Record<ApiTokenStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };
const th = "px-2 py-1.5 text-left font-medium text-slate-700 whitespace-nowrap";
const td = "px-2 py-1.5 align-top";

/** The workspace's API tokens: which scripts can reach /api/v1, when each was last used, and Revoke. */
export default async function ApiTokensPage({ searchParams }: Props) {
  const sp = await searchParams;
  const viewer = await requireViewer("/settings/tokens");
  const { scope } = viewer;
  const canManage = roleCan(scope.role, "manage");
  const tokens = await listApiTokens(scope);
  const now = new Date();
  const error = typeof sp.error === "string" ? sp.error : null;
  const apiBase = appPublicUrl();
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / API tokens
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">API tokens of {viewer.workspace.name}</h1>
        <p className="text-sm text-slate-600">
          Scripts reach this workspace through the JSON API with a token: <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. A read token lists
          domains and scans; a write token can also add, rescan, share and delete domains. The API is described at{" "}
          <a href="/api/v1/openapi.json" className="text-blue-700 underline">/api/v1/openapi.json</a>.
        </p>
      </header>
      {error ? <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">{error}</p> : null}
      {sp.revoked === "1" ? <p role="status" className="text-sm text-green-800">Token revoked: requests with it are refused from now on.</p> : null}

      <Card labelledBy="tokens-h">
        <h2 id="tokens-h" className="text-base font-semibold">Tokens</h2>
        {canManage ? (
          <div className="mb-4 mt-2">
            <CreateTokenForm action={createTokenAction} apiBase={apiBase} maxDays={MAX_EXPIRES_DAYS} />
          </div>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins can create or revoke API tokens.</p>
        )}
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Nothing outside the dashboard can reach this workspace&apos;s data.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-slate-200">
                <tr>
                  <th scope="col" className={th}>Name</th>
                  <th scope="col" className={th}>Scope</th>
                  <th scope="col" className={th}>Starts with</th>
                  <th scope="col" className={th}>Created</th>
                  <th scope="col" className={th}>Expires</th>
                  <th scope="col" className={th}>Last used</th>
                  <th scope="col" className={th}>State</th>
                  {canManage ? <th scope="col" className={th}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => (
                  <tr key={t.id} className={t.status === "active" ? undefined : "text-slate-500"}>
                    <th scope="row" className={`${td} text-left font-medium [overflow-wrap:anywhere]`}>{t.name}</th>
                    <td className={td}>{t.scope}</td>
                    <td className={td}><code className="font-mono text-xs">{t.prefix}…</code></td>
                    <td className={td}><RelativeTime date={t.createdAt} now={now} /></td>
                    <td className={td}>{t.expiresAt ? <time dateTime={t.expiresAt.toISOString()} className="whitespace-nowrap">{formatUtcLong(t.expiresAt)}</time> : "never"}</td>
                    <td className={td}>{t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} now={now} /> : "never"}</td>
                    <td className={td}>{STATUS_LABEL[t.status]}</td>
                    {canManage ? (
                      <td className={`${td} text-right`}>
                        {t.status === "active" ? (
                          <form action={revokeTokenAction}>
                            <input type="hidden" name="id" value={t.id} />
                            <button type="submit" className={buttonClass("secondary", "sm")} aria-label={`Revoke token ${t.name}`}>
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
        <p className="mt-3 text-sm text-slate-600">
          On the server, <code className="font-mono">mailposture token create --scope read|write</code> makes a token too. &ldquo;Last used&rdquo; is updated at most once a minute.
        </p>
      </Card>
    </div>
  );
}
