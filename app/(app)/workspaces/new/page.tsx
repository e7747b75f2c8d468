import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/app/_auth/viewer";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { createWorkspaceAction } from "../../_components/workspace-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New workspace" };

/** A new, empty workspace that the signed-in person owns; the app switches to it. */
export default async function NewWorkspacePage() {
  await requireViewer("/workspaces/new");
  return (
    <section aria-labelledby="new-ws-h" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="new-ws-h" className="text-xl font-semibold text-slate-900">
        New workspace
      </h1>
      <p className="mt-1 text-sm text-slate-600">
        A workspace has its own domains, members, share links, tokens and alerts. You will be its owner and can invite others from Settings → Members.
      </p>
      <div className="mt-4">
        <CredentialsForm action={createWorkspaceAction} submit="Create workspace" fields={[{ name: "name", label: "Name", type: "text", autoComplete: "off", hint: "1 to 80 characters, e.g. the client or team it is for." }]} />
      </div>
      <p className="mt-4 text-sm">
        <Link href="/" className="text-blue-700 hover:underline">
          Cancel
        </Link>
      </p>
    </section>
  );
}
