/**
 * Stores a scan's change events and fans them out to the workspace's alert channels, inside the
 * transaction that stores the scan (lib/services/scans/run-scan.ts): a scan is never stored
 * without its events, and an event never without its alert deliveries and their jobs.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueAlert } from "@/lib/queue/jobs";
import { detectChanges, severityRank } from "@/lib/report/changes";
import type { ScanReport, Severity } from "@/lib/scan/types";

/**
 * A domain that flaps (the same kind of event again and again) is summarised, not spammed: after
 * this many immediate alerts of one kind for one domain on one channel within FLAP_WINDOW, further
 * ones wait for the channel's daily digest.
 */
export const FLAP_LIMIT = 3;
export const FLAP_WINDOW_MS = 24 * 3_600_000;

export type StoredEventInput = {
  workspaceId: string;
  domainId: string;
  scanId: string;
  previous: { id: string; report: ScanReport } | null;
  current: ScanReport;
  /** When the scan finished; the events' time. */
  at: Date;
};

type Rule = { kinds: string[]; minSeverity: string; mode: string };

/** The mode a channel's rules give an event: immediate wins over digest; undefined when none matches. */
export function ruleMode(rules: Rule[], kind: string, severity: Severity): "immediate" | "digest" | undefined {
  let mode: "immediate" | "digest" | undefined;
  for (const r of rules) {
    if (r.kinds.length > 0 && !r.kinds.includes(kind)) continue;
    if (severityRank(severity) < severityRank(r.minSeverity as Severity)) continue;
    if (r.mode === "immediate") return "immediate";
    mode = "digest";
  }
  return mode;
}

/** Records the events between the previous and this scan; returns how many were stored. */
export async function recordChangeEvents(tx: Prisma.TransactionClient, input: StoredEventInput): Promise<number> {
  if (!input.previous) return 0;
  const changes = detectChanges(input.previous.report, input.current);
  if (changes.length === 0) return 0;
  await tx.event.createMany({
    data: changes.map((e) => ({
      workspaceId: input.workspaceId,
      domainId: input.domainId,
      scanId: input.scanId,
      previousScanId: input.previous!.id,
      kind: e.kind,
      severity: e.severity,
      subject: e.subject,
      before: e.before,
      after: e.after,
      summary: e.summary,
      createdAt: input.at,
    })),
    // (scanId, kind, subject) is unique: storing a scan's events twice keeps one of each.
    skipDuplicates: true,
  });
  const events = await tx.event.findMany({ where: { scanId: input.scanId }, select: { id: true, kind: true, severity: true, domainId: true } });
  await fanOut(tx, input.workspaceId, events, input.at);
  return events.length;
}

/** Gives stored events their AlertDelivery rows (and jobs, for immediate ones); shared with the sender-report detectors. */
export async function fanOut(tx: Prisma.TransactionClient, workspaceId: string, events: { id: string; kind: string; severity: string; domainId: string }[], at: Date): Promise<void> {
  const channels = await tx.alertChannel.findMany({ where: { workspaceId }, select: { id: true, rules: { select: { kinds: true, minSeverity: true, mode: true } } } });
  for (const ch of channels) {
    for (const ev of events) {
      let mode = ruleMode(ch.rules, ev.kind, ev.severity as Severity);
      if (!mode) continue;
      if (mode === "immediate") {
        const recent = await tx.alertDelivery.count({
          where: { channelId: ch.id, mode: "immediate", createdAt: { gte: new Date(at.getTime() - FLAP_WINDOW_MS) }, event: { domainId: ev.domainId, kind: ev.kind } },
        });
        if (recent >= FLAP_LIMIT) mode = "digest";
      }
      // (channelId, eventId) is unique: one alert per event, however the fan-out is repeated.
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "AlertDelivery" (id, "channelId", "eventId", mode, "createdAt")
        VALUES (gen_random_uuid(), ${ch.id}::uuid, ${ev.id}::uuid, ${mode}, ${at})
        ON CONFLICT ("channelId", "eventId") DO NOTHING RETURNING id`;
      if (mode === "immediate" && rows[0]) await enqueueAlert(tx, { deliveryId: rows[0].id });
    }
  }
}
