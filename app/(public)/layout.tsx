import { ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";

/** Sign-in, first-run setup and invitations: the product's name, no navigation into the app. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-[1280px] items-center gap-2 px-4 py-3 font-semibold text-slate-900">
          <ShieldCheck aria-hidden className="h-5 w-5 text-emerald-700" />
          mailposture
        </div>
      </header>
      <main id="main" className="mx-auto max-w-[1280px] px-4 py-6">
        {children}
      </main>
    </>
  );
}
