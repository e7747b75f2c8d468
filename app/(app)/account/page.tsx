import type { Metadata } from "next";
import { changePasswordAction, signOutAction } from "@/app/_auth/actions";
import { requireViewer } from "@/app/_auth/viewer";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { PASSWORD_MIN } from "@/lib/services/auth/create-auth";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireViewer("/account");
  return (
    <div className="flex max-w-xl flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold text-slate-900">Account</h1>
        <p className="text-sm text-slate-600">
          {viewer.user.name} · {viewer.user.email}
        </p>
      </header>
      <section aria-labelledby="pw-h" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="pw-h" className="text-lg font-semibold text-slate-900">
          Change password
        </h2>
        <p className="mt-1 text-sm text-slate-600">Every other browser signed in to this account is signed out.</p>
        <div className="mt-4">
          <CredentialsForm
            action={changePasswordAction}
            submit="Change password"
            done="Password changed. Other sessions have been signed out."
            fields={[
              { name: "current", label: "Current password", type: "password", autoComplete: "current-password" },
              { name: "password", label: "New password", type: "password", autoComplete: "new-password", hint: `At least ${PASSWORD_MIN} characters.` },
              { name: "confirm", label: "Confirm new password", type: "password", autoComplete: "new-password" },
            ]}
          />
        </div>
      </section>
      <section aria-labelledby="so-h" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="so-h" className="text-lg font-semibold text-slate-900">
          Sign out
        </h2>
        <p className="mt-1 text-sm text-slate-600">Ends this session on the server: the cookie stops working at once.</p>
        <form action={signOutAction} className="mt-3">
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50">
            Sign out
          </button>
        </form>
      </section>
    </div>
  );
}
