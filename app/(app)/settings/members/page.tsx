import type { Metadata } from "next";
import Link from "next/link";
import { UserMinus, XCircle } from "lucide-react";
import { requireViewer } from "@/app/_auth/viewer";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { formatUtcLong } from "@/lib/report/format";
import { ROLES, roleCan } from "@/lib/services/access/roles";
import { listMembers } from "@/lib/services/members";
import { listInvitations, type InvitationState } from "@/lib/services/members/invitations";
import { changeRoleAction, createInvitationAction, removeMemberAction, revokeInvitationAction } from "./actions";
import { InviteForm } from "./_components/invite-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE: Record<string, string> = { role: "Role changed.", removed: "Member removed.", revoked: "Invitation revoked." };
const STATE_LABEL: Record<InvitationState, string> = { pending: "Pending", accepted: "Accepted", revoked: "Revoked", expired: "Expired" };
const ROLE_HINT = "Owners can do everything, including managing other owners; admins manage members, tokens and alerts; editors add, rescan and share domains; viewers only look.";
const th = "px-2 py-1.5 text-left font-medium text-slate-700";
const td = "px-2 py-1.5 align-top";

export default async function MembersPage({ searchParams }: Props) {
  const sp = await searchParams;
  const viewer = await requireViewer("/settings/members");
  const { scope } = viewer;
  const canManage = roleCan(scope.role, "manage");
  // Only an owner grants the owner role (lib/services/members.ts); others are not offered it.
  const grantable = ROLES.filter((r) => r !== "owner" || scope.role === "owner");
  const [members, invitations] = await Promise.all([listMembers(scope), canManage ? listInvitations(scope) : Promise.resolve([])]);
  const now = new Date();
  const error = typeof sp.error === "string" ? sp.error : null;
  const done = typeof sp.done === "string" ? DONE[sp.done] : undefined;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / Members
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Members of {viewer.workspace.name}</h1>
        <p className="text-sm text-slate-600">{ROLE_HINT}</p>
      </header>
      {error ? <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">{error}</p> : null}
      {done ? <p role="status" className="text-sm text-green-800">{done}</p> : null}

      <Card labelledBy="members-h">
        <h2 id="members-h" className="text-base font-semibold">Members</h2>
        {!canManage ? <p className="text-sm text-slate-600">Only owners and admins can invite people or change roles.</p> : null}
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-slate-200">
              <tr>
                <th scope="col" className={th}>Name</th>
                <th scope="col" className={th}>E-mail</th>
                <th scope="col" className={th}>Role</th>
                <th scope="col" className={th}>Joined</th>
                {canManage ? <th scope="col" className={th}><span className="sr-only">Actions</span></th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => {
                const self = m.userId === viewer.user.id;
                // Owners are changed by owners only; nobody changes or removes themselves here,
                // so a manager cannot lock themselves out by accident.
                const editable = canManage && !self && (m.role !== "owner" || scope.role === "owner");
                return (
                  <tr key={m.userId}>
                    <th scope="row" className={`${td} text-left font-medium`}>
                      {m.name}
                      {self ? <span className="font-normal text-slate-600"> (you)</span> : null}
                    </th>
                    <td className={`${td} [overflow-wrap:anywhere]`}>{m.email}</td>
                    <td className={td}>
                      {editable ? (
                        <form action={changeRoleAction} className="flex items-center gap-1">
                          <input type="hidden" name="userId" value={m.userId} />
                          <select name="role" defaultValue={m.role} aria-label={`Role of ${m.name}`} className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm">
                            {grantable.map((r) => (
                              <option key={r} value={r}>{r}</option>
                            ))}
                          </select>
                          <button type="submit" className={buttonClass("secondary", "sm")} aria-label={`Save role of ${m.name}`}>Save</button>
                        </form>
                      ) : (
                        m.role
                      )}
                    </td>
                    <td className={td}><RelativeTime date={m.joinedAt} now={now} /></td>
                    {canManage ? (
                      <td className={`${td} text-right`}>
                        {editable ? (
                          <form action={removeMemberAction}>
                            <input type="hidden" name="userId" value={m.userId} />
                            <button type="submit" className={buttonClass("secondary", "sm")} aria-label={`Remove ${m.name}`}>
                              <UserMinus aria-hidden className="h-3.5 w-3.5" /> Remove
                            </button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      {canManage ? (
        <Card labelledBy="invitations-h">
          <h2 id="invitations-h" className="text-base font-semibold">Invitations</h2>
          <p className="mb-3 text-sm text-slate-600">
            An invitation is a link that works once, for 7 days. Whoever opens it joins with its role, signed in or with a new account; the e-mail address is only a note for you.
          </p>
          <InviteForm action={createInvitationAction} roles={grantable} />
          {invitations.length === 0 ? (
            <div className="mt-4">
              <EmptyState title="No invitations yet" />
            </div>
          ) : (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="border-b border-slate-200">
                  <tr>
                    <th scope="col" className={th}>Role</th>
                    <th scope="col" className={th}>E-mail note</th>
                    <th scope="col" className={th}>Created</th>
                    <th scope="col" className={th}>Expires</th>
                    <th scope="col" className={th}>State</th>
                    <th scope="col" className={th}><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {invitations.map((i) => (
                    <tr key={i.id}>
                      <td className={td}>{i.role}</td>
                      <td className={`${td} [overflow-wrap:anywhere]`}>{i.email ?? <span className="text-slate-500">—</span>}</td>
                      <td className={td}><RelativeTime date={i.createdAt} now={now} /></td>
                      <td className={td}><time dateTime={i.expiresAt.toISOString()} className="whitespace-nowrap">{formatUtcLong(i.expiresAt)}</time></td>
                      <td className={td}>{STATE_LABEL[i.state]}</td>
                      <td className={`${td} text-right`}>
                        {i.state === "pending" ? (
                          <form action={revokeInvitationAction}>
                            <input type="hidden" name="id" value={i.id} />
                            <button type="submit" className={buttonClass("secondary", "sm")} aria-label={`Revoke ${i.role} invitation${i.email ? ` for ${i.email}` : ""}`}>
                              <XCircle aria-hidden className="h-3.5 w-3.5" /> Revoke
                            </button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      ) : null}
    </div>
  );
}
