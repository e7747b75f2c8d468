import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { setupAction } from "@/app/_auth/actions";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { PASSWORD_MIN } from "@/lib/services/auth/create-auth";
import { setupLinkIsValid } from "@/lib/services/auth/web";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up mailposture", robots: { index: false } };

/** First run: the one-time link `npm start` printed. Used, expired or replaced → 404. */
export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await setupLinkIsValid(token))) notFound();
  return (
    <section aria-labelledby="setup-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="setup-h" className="text-xl font-semibold text-slate-900">
        Create the first owner
      </h1>
      <p className="mt-2 text-sm text-slate-600">
        This account owns every workspace on this server, including any domains added before accounts existed. It can invite others afterwards. The link works once.
      </p>
      <div className="mt-4">
        <CredentialsForm
          action={setupAction}
          hidden={{ token }}
          submit="Create owner account"
          fields={[
            { name: "name", label: "Name", type: "text", autoComplete: "name" },
            { name: "email", label: "E-mail", type: "email", autoComplete: "username" },
            { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: `At least ${PASSWORD_MIN} characters.` },
            { name: "confirm", label: "Confirm password", type: "password", autoComplete: "new-password" },
          ]}
        />
      </div>
    </section>
  );
}
