import type { Metadata } from "next";
import Link from "next/link";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { ShieldCheck } from "lucide-react";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { LabBanner } from "@/components/ui/lab-banner";
import { labModeEnabled } from "@/lib/security/settings";
import { Providers } from "./providers";
import "./globals.css";
import "./print.css";

export const metadata: Metadata = {
  title: { default: "mailposture", template: "%s · mailposture" },
  description: "How well each domain's email is protected in transit and against spoofing, and what to publish to fix it.",
};

/** The top bar's sections, in reading order (docs/ui.md §2). */
const NAV: [href: string, label: string][] = [
  ["/", "Domains"],
  ["/trends", "Trends"],
  ["/scans", "Scans"],
  ["/events", "Events"],
  ["/settings", "Settings"],
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js puts the CSP nonce that proxy.ts draws for this
  // request on its scripts only while rendering (a page prerendered at build time would carry
  // none and be blocked), and the lab banner reflects the running server's environment.
  await connection();
  const lab = labModeEnabled();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-[1280px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="Main">
            <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
              <ShieldCheck aria-hidden className="h-5 w-5 text-emerald-700" />
              mailposture
            </Link>
            {NAV.map(([href, label]) => (
              <Link key={href} href={href} className="text-sm text-blue-700 hover:underline">
                {label}
              </Link>
            ))}
          </nav>
        </header>
        {lab && <LabBanner />}
        <div id="copy-status" role="status" aria-live="polite" className="sr-only" />
        <Providers>
          <main id="main" className="mx-auto max-w-[1280px] px-4 py-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
