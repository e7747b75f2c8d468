import { FlaskConical } from "lucide-react";

/**
 * Shown on every page while MAILPOSTURE_ALLOW_PRIVATE=1: scans may then reach loopback and private
 * networks, which is right for a lab and wrong for a shared deployment, so it must not go unnoticed.
 * A landmark (not a live region): it is part of the page, not news.
 */
export function LabBanner() {
  return (
    <aside aria-label="Lab mode" className="no-print border-b border-amber-400 bg-amber-50 text-amber-950">
      <p className="mx-auto flex max-w-[1280px] items-center gap-2 px-4 py-2 text-sm">
        <FlaskConical aria-hidden className="h-4 w-4 shrink-0 text-amber-800" />
        <span>
          <strong className="font-semibold">Lab mode:</strong> scans may connect to loopback and private network addresses
          (MAILPOSTURE_ALLOW_PRIVATE=1). Do not use this setting on a shared deployment.
        </span>
      </p>
    </aside>
  );
}
