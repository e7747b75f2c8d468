import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oidcSettings } from "@/app/_auth/auth";
import { signInAction, signInWithOidcAction } from "@/app/_auth/actions";
import { safeNextPath } from "@/app/_auth/next-path";
import { currentViewer } from "@/app/_auth/viewer";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { isFirstRun } from "@/lib/services/auth/web";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; error?: string | string[] }> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : undefined);
  if (await currentViewer()) redirect(next);
  const oidc = oidcSettings();
  const firstRun = await isFirstRun();
  return (
    <section aria-labelledby="signin-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="signin-h" className="text-xl font-semibold text-slate-900">
        Sign in to mailposture
      </h1>
      {firstRun ? (
        <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
          No account exists yet. Open the one-time setup link that <code>npm start</code> printed in its terminal to create the first owner, or run{" "}
          <code>mailposture user create</code> on the server.
        </p>
      ) : null}
      {params.error ? (
        <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
          Single sign-on did not complete. Try again, or sign in with your password.
        </p>
      ) : null}
      <div className="mt-4">
        <CredentialsForm
          action={signInAction}
          hidden={{ next }}
          submit="Sign in"
          fields={[
            { name: "email", label: "E-mail", type: "email", autoComplete: "username" },
            { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
          ]}
        />
      </div>
      {oidc ? (
        <form action={signInWithOidcAction} className="mt-4 border-t border-slate-200 pt-4">
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50">
            Sign in with {oidc.name}
          </button>
        </form>
      ) : null}
    </section>
  );
}
