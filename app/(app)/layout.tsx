import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import { requireViewer } from "@/app/_auth/viewer";
import { UserMenu } from "./_components/user-menu";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

/** The top bar's sections, in reading order (docs/ui.md §2). */
const NAV: [href: string, label: string][] = [
  ["/", "Domains"],
  ["/trends", "Trends"],
  ["/scans", "Scans"],
  ["/events", "Events"],
  ["/settings", "Settings"],
];

/**
 * Every signed-in page: the top bar with the workspace switcher and the account menu. A signed-out
 * visitor is sent to sign in; each page still asks for its own scope (a layout does not guard a
 * page's data, and route handlers never pass through it).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  return (
    <>
      <header className="no-print border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-[1280px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="Main">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <ShieldCheck aria-hidden className="h-5 w-5 text-emerald-700" />
            mailposture
          </Link>
          <WorkspaceSwitcher current={viewer.workspace} workspaces={viewer.workspaces} />
          {NAV.map(([href, label]) => (
            <Link key={href} href={href} className="text-sm text-blue-700 hover:underline">
              {label}
            </Link>
          ))}
          <UserMenu name={viewer.user.name} email={viewer.user.email} role={viewer.workspace.role} />
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-[1280px] px-4 py-6">
        {children}
      </main>
    </>
  );
}
