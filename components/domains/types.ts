import type { Staleness } from "@/lib/report/staleness";

/**
 * What the portfolio components render. Declared here (components never import services) and kept
 * structurally compatible with lib/services/domains/list-domains.ts `DomainListRow`.
 */
export type PortfolioRow = {
  name: string;
  grade: string | null;
  score: number | null;
  /** Why the latest scan has no grade; when set, grade and score are not shown. Optional for older callers. */
  notGraded?: string | null;
  exposure: string | null;
  mtaStsMode: string | null;
  daneState: string | null;
  dmarcPolicy: string | null;
  criticalCount: number;
  highCount: number;
  lastScanAt: Date | string | null;
  stale: boolean;
  /** Why the row is stale (lib/report/staleness.ts); without it the chip names the floor in days. */
  staleness?: Staleness;
  activeScan: { status: "queued" | "running" } | null;
  trend: readonly { grade: string }[];
  /** The domain's tags (the Tags column's chips). */
  tags?: readonly string[];
};

export type SortKey = "domain" | "grade" | "scanned" | "critical";
export type SortState = { key: SortKey; dir: "asc" | "desc" };

/** Everything a row needs besides its data; selection is owned by the caller. */
export type RowContext = {
  now: Date | string;
  staleDays: number;
  selected: ReadonlySet<string>;
  onSelect: (name: string, on: boolean) => void;
  /** A rescan is being submitted: row buttons are disabled meanwhile. */
  busy: boolean;
  /** The viewer's role may rescan, tag and delete: rows get a checkbox and a Rescan button. */
  canWrite: boolean;
};

export const domainHref = (name: string) => `/domains/${encodeURIComponent(name)}`;
