import Link from "next/link";

/** An unknown, expired, used or revoked invitation link: one answer for all, with what to do. */
export default function InvitationNotFound() {
  return (
    <section aria-labelledby="invite-nf-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="invite-nf-h" className="text-xl font-semibold text-slate-900">
        This invitation cannot be used
      </h1>
      <p className="mt-2 text-sm text-slate-700">
        The link has expired (invitations last 7 days), has been used already, or was revoked — or it was copied incompletely. Ask the person who invited you for a new link.
      </p>
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="text-blue-700 hover:underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
