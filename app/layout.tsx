import type { Metadata } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { IconSprite } from "@/components/ui/icon-sprite";
import { LabBanner } from "@/components/ui/lab-banner";
import { labModeEnabled } from "@/lib/security/settings";
import { Providers } from "./providers";
import "./globals.css";
import "./print.css";

export const metadata: Metadata = {
  title: { default: "mailposture", template: "%s · mailposture" },
  description: "How well each domain's email is protected in transit and against spoofing, and what to publish to fix it.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js puts the CSP nonce that proxy.ts draws for this
  // request on its scripts only while rendering (a page prerendered at build time would carry
  // none and be blocked), and the lab banner reflects the running server's environment.
  await connection();
  const lab = labModeEnabled();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <IconSprite />
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        {lab && <LabBanner />}
        <div id="copy-status" role="status" aria-live="polite" className="sr-only" />
        {/* Each route group draws its own top bar and <main> (the signed-in app, the sign-in pages,
            a share link's bare report): app/(app)/layout.tsx, app/(public)/layout.tsx, app/s. */}
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
