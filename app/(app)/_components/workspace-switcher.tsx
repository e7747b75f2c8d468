"use client";

import Link from "next/link";
import type { WorkspaceSummary } from "@/lib/services/workspaces";
import { switchWorkspaceAction } from "./workspace-actions";

/**
 * Chooses the current workspace. A plain form posting to a server action, so it works before
 * (or without) JavaScript through "Switch"; with JavaScript, choosing a workspace submits at once.
 */
export function WorkspaceSwitcher({ current, workspaces }: { current: WorkspaceSummary; workspaces: WorkspaceSummary[] }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <form action={switchWorkspaceAction} className="flex items-center gap-1">
        <select
          name="workspaceId"
          aria-label="Workspace"
          defaultValue={current.id}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
          className="max-w-[14rem] truncate rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium text-slate-800"
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-blue-800 hover:bg-slate-50">
          Switch
        </button>
      </form>
      <Link href="/workspaces/new" className="text-blue-700 hover:underline">
        New workspace…
      </Link>
    </div>
  );
}
