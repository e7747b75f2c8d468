import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/_auth/actions";
import { currentUser, currentViewer } from "@/app/_auth/viewer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "No workspace yet" };

/** Signed in but a member of no workspace (a removed member, an SSO account nobody invited). */
export default async function WelcomePage() {
  if (await currentViewer()) redirect("/");
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <section aria-labelledby="w-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="w-h" className="text-xl font-semibold text-slate-900">
        You are not in a workspace yet
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        Signed in as {user.email}. Ask an owner or admin of a workspace for an invitation link, then open it while signed in.
      </p>
      <div className="mt-4 flex gap-3">
        <form action={signOutAction}>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50">
            Sign out
          </button>
        </form>
        <Link href="/sign-in" className="px-2 py-2 text-sm text-blue-700 underline">
          Sign in as someone else
        </Link>
      </div>
    </section>
  );
}
