import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentUser } from "@/app/_auth/viewer";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { buttonClass } from "@/components/ui/button";
import { formatUtcLong } from "@/lib/report/format";
import { PASSWORD_MIN } from "@/lib/services/auth/create-auth";
import { readInvitation } from "@/lib/services/members/invitations";
import { acceptInvitationAction, joinWithAccountAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ error?: string | string[] }> };

/** An invitation link: who invites you where, and accepting it (signed in, or with a new account). */
export default async function InvitationPage({ params, searchParams }: Props) {
  const { token } = await params;
  const sp = await searchParams;
  const invitation = await readInvitation(token);
  if (!invitation || invitation.state !== "pending") notFound();
  const user = await currentUser();
  const error = typeof sp.error === "string" ? sp.error : null;
  const here = `/invite/${token}`;
  return (
    <section aria-labelledby="invite-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="invite-h" className="text-xl font-semibold text-slate-900">
        Join {invitation.workspaceName}
      </h1>
      <p className="mt-2 text-sm text-slate-800">
        {invitation.inviterName ?? "An administrator"} invited you to <strong>{invitation.workspaceName}</strong> as <strong>{invitation.role}</strong>.
      </p>
      <p className="mt-1 text-xs text-slate-600">The link works once and expires on {formatUtcLong(invitation.expiresAt)}.</p>
      {error ? (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {user ? (
        <form action={acceptInvitationAction} className="mt-4 space-y-2">
          <input type="hidden" name="token" value={token} />
          <p className="text-sm text-slate-600">
            You are signed in as {user.name} ({user.email}).
          </p>
          <button type="submit" className={`${buttonClass("primary")} w-full py-2`}>
            Accept invitation
          </button>
        </form>
      ) : (
        <>
          <h2 className="mt-5 text-base font-semibold">Create your account</h2>
          <div className="mt-3">
            <CredentialsForm
              action={joinWithAccountAction}
              hidden={{ token }}
              submit="Create account and join"
              fields={[
                { name: "name", label: "Name", type: "text", autoComplete: "name" },
                { name: "email", label: "E-mail", type: "email", autoComplete: "username", ...(invitation.email ? { defaultValue: invitation.email } : {}) },
                { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: `At least ${PASSWORD_MIN} characters.` },
                { name: "confirm", label: "Confirm password", type: "password", autoComplete: "new-password" },
              ]}
            />
          </div>
          <p className="mt-4 border-t border-slate-200 pt-4 text-sm">
            <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className="text-blue-700 hover:underline">
              I have an account: sign in
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
