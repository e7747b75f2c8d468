/**
 * The shapes of the sender views (docs/ui.md §5.8), shared by lib/services/senders (which fills
 * them) and components/senders (which draws them). Types only.
 */
import type { DmarcReadiness } from "./readiness";

export type Count = { label: string; sessions: number };

export type SenderSummary = {
  domain: string;
  /** First UTC day of the window (yyyy-mm-dd) and the day the window ends on. */
  since: string;
  until: string;
  reports: { tlsrpt: number; dmarc: number; unverified: number };
  tls: {
    sessions: number;
    failures: number;
    /** failures / sessions; null without sessions. */
    failureRate: number | null;
    byType: Count[];
    byOrg: { org: string; sessions: number; failures: number }[];
    byMx: { mx: string | null; ip: string | null; failures: number }[];
  };
  dmarc: { messages: number; pass: number; fail: number };
};

export type TimelineDay = { day: string; sessions: number; failures: number; dmarcMessages: number; dmarcFail: number };
export type TimelineScan = { id: string; finishedAt: string; grade: string | null };
export type DmarcSource = { sourceIp: string; messages: number; pass: number; fail: number; name: string | null; lookedUp: boolean };

export type SendersPage = {
  summary: SenderSummary;
  timeline: { since: string; days: TimelineDay[]; scans: TimelineScan[] };
  dmarc: { bySource: DmarcSource[]; topFailing: DmarcSource[]; dispositions: Count[] };
  readiness: DmarcReadiness;
  /** The DMARC policy the latest scan saw (`p=`), or null. */
  policy: string | null;
};

