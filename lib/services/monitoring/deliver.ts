/**
 * The alert queue task (docs/alerts.md): sends one pending AlertDelivery, or one AlertDigest, and
 * logs the attempt. A failed attempt re-queues the job with exponential back-off (base × 4ⁿ) until
 * ALERT_MAX_ATTEMPTS; then the row is marked failed, visible in the delivery log.
 */
import type { JobHelpers } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { enqueueAlert, isAlertJobPayload } from "@/lib/queue/jobs";
import { sendToChannel, type AlertMessage, type ChannelKind, type SendResult, type SendSettings } from "./send";

export const ALERT_MAX_ATTEMPTS = 6;

export type AlertTaskDeps = {
  db: Db;
  send: SendSettings;
  /** First retry delay; attempt n waits retryBaseMs × 4^(n−1). */
  retryBaseMs: number;
  /** The app's public URL, for links to the compare view. */
  appUrl: string;
};

type EventRow = { id: string; kind: string; severity: string; subject: string; before: string | null; after: string | null; summary: string; scanId: string | null; previousScanId: string | null; createdAt: Date; domain: { name: string } };

/** Where to look: the comparison of the two scans, or (an event from the senders' reports) the domain's senders page. */
const compareUrl = (appUrl: string, e: EventRow) =>
  e.scanId && e.previousScanId
    ? `${appUrl.replace(/\/$/, "")}/domains/${encodeURIComponent(e.domain.name)}/compare?a=${e.previousScanId}&b=${e.scanId}`
    : `${appUrl.replace(/\/$/, "")}/domains/${encodeURIComponent(e.domain.name)}/senders`;

function eventJson(appUrl: string, e: EventRow): Record<string, unknown> {
  return {
    id: e.id,
    domain: e.domain.name,
    kind: e.kind,
    severity: e.severity,
    subject: e.subject || null,
    before: e.before,
    after: e.after,
    summary: e.summary,
    at: e.createdAt.toISOString(),
    scanId: e.scanId,
    previousScanId: e.previousScanId,
    compareUrl: compareUrl(appUrl, e),
  };
}

export function eventMessage(appUrl: string, e: EventRow): AlertMessage {
  return {
    json: { type: "event", event: eventJson(appUrl, e) },
    subject: `[mailposture] ${e.domain.name}: ${e.summary}`.slice(0, 200),
    text: `${e.summary}\nSeverity: ${e.severity}\nDomain: ${e.domain.name}\nBefore: ${e.before ?? "—"}\nAfter: ${e.after ?? "—"}\n${e.scanId ? "Compare the scans" : "What senders reported"}: ${compareUrl(appUrl, e)}\n`,
  };
}

/** One message for a day's events; a domain with many events of one kind is one line with a count. */
export function digestMessage(appUrl: string, day: string, events: EventRow[]): AlertMessage {
  const groups = new Map<string, EventRow[]>();
  for (const e of events) {
    const key = `${e.domain.name}\u0000${e.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const lines = [...groups.values()].map((g) => {
    const last = g[g.length - 1]!;
    return g.length === 1 ? `- ${last.domain.name}: ${last.summary} (${last.severity})` : `- ${last.domain.name}: ${g.length} × ${last.kind}, latest: ${last.summary} (${last.severity})`;
  });
  return {
    json: { type: "digest", day, events: events.map((e) => eventJson(appUrl, e)) },
    subject: `[mailposture] Daily digest ${day}: ${events.length} event${events.length === 1 ? "" : "s"}`,
    text: `${events.length} change${events.length === 1 ? "" : "s"} on ${day}:\n${lines.join("\n")}\n`,
  };
}

type LogEntry = { at: string; ok: boolean; status?: number; error?: string };
const logEntry = (at: Date, r: SendResult): LogEntry => ({ at: at.toISOString(), ok: r.ok, ...(r.status !== undefined ? { status: r.status } : {}), ...(!r.ok ? { error: r.error.slice(0, 500) } : {}) });

const eventSelect = { id: true, kind: true, severity: true, subject: true, before: true, after: true, summary: true, scanId: true, previousScanId: true, createdAt: true, domain: { select: { name: true } } } as const;

async function deliverOne(deps: AlertTaskDeps, deliveryId: string): Promise<void> {
  const d = await deps.db.alertDelivery.findUnique({
    where: { id: deliveryId },
    select: { status: true, attempts: true, log: true, channel: { select: { kind: true, target: true, secret: true } }, event: { select: eventSelect } },
  });
  if (!d || d.status !== "pending") return; // sent already, given up, or deleted with its channel.
  const result = await sendToChannel({ ...d.channel, kind: d.channel.kind as ChannelKind }, eventMessage(deps.appUrl, d.event), deps.send);
  await settle(deps, "delivery", deliveryId, d.attempts + 1, [...(d.log as LogEntry[]), logEntry(deps.send.now(), result)], result);
}

async function deliverDigest(deps: AlertTaskDeps, digestId: string): Promise<void> {
  const g = await deps.db.alertDigest.findUnique({
    where: { id: digestId },
    select: { status: true, attempts: true, log: true, day: true, channel: { select: { kind: true, target: true, secret: true } }, deliveries: { select: { event: { select: eventSelect } }, orderBy: { createdAt: "asc" } } },
  });
  if (!g || g.status !== "pending") return;
  const day = g.day.toISOString().slice(0, 10);
  const result = await sendToChannel({ ...g.channel, kind: g.channel.kind as ChannelKind }, digestMessage(deps.appUrl, day, g.deliveries.map((x) => x.event)), deps.send);
  await settle(deps, "digest", digestId, g.attempts + 1, [...(g.log as LogEntry[]), logEntry(deps.send.now(), result)], result);
}

async function settle(deps: AlertTaskDeps, which: "delivery" | "digest", id: string, attempts: number, log: LogEntry[], result: SendResult): Promise<void> {
  const now = deps.send.now();
  const status = result.ok ? "sent" : attempts >= ALERT_MAX_ATTEMPTS ? "failed" : "pending";
  await deps.db.$transaction(async (tx) => {
    const data = { status, attempts, log: log as object[], sentAt: result.ok ? now : null };
    if (which === "delivery") {
      await tx.alertDelivery.update({ where: { id }, data });
    } else {
      await tx.alertDigest.update({ where: { id }, data });
      if (result.ok) await tx.alertDelivery.updateMany({ where: { digestId: id }, data: { status: "digested", sentAt: now } });
    }
    if (status === "pending") {
      const runAt = new Date(Date.now() + deps.retryBaseMs * 4 ** (attempts - 1));
      await enqueueAlert(tx, which === "delivery" ? { deliveryId: id } : { digestId: id }, runAt);
    }
  });
}

/** Builds the graphile-worker task handler for alerts. */
export function createAlertTask(deps: AlertTaskDeps) {
  return async (payload: unknown, _helpers: JobHelpers): Promise<void> => {
    if (!isAlertJobPayload(payload)) throw new Error("alert job without a deliveryId or digestId");
    if ("deliveryId" in payload) await deliverOne(deps, payload.deliveryId);
    else await deliverDigest(deps, payload.digestId);
  };
}

/** Start of the UTC day of `at`. */
const dayOf = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/**
 * Opens today's digest for each channel with waiting digest alerts, once the digest hour has come:
 * (channel, day) is unique, so however many workers run this, a channel gets one digest a day.
 * Alerts that arrive after today's digest wait for tomorrow's.
 */
export async function openDueDigests(db: Db, now: Date, digestHourUtc: number): Promise<number> {
  const day = dayOf(now);
  if (now.getTime() < day.getTime() + digestHourUtc * 3_600_000) return 0;
  const waiting = await db.alertDelivery.findMany({ where: { mode: "digest", status: "pending", digestId: null }, distinct: ["channelId"], select: { channelId: true } });
  let opened = 0;
  for (const { channelId } of waiting) {
    const done = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "AlertDigest" (id, "channelId", day) VALUES (gen_random_uuid(), ${channelId}::uuid, ${day.toISOString().slice(0, 10)}::date)
        ON CONFLICT ("channelId", day) DO NOTHING RETURNING id`;
      const digest = rows[0];
      if (!digest) return false;
      await tx.alertDelivery.updateMany({ where: { channelId, mode: "digest", status: "pending", digestId: null, createdAt: { lte: now } }, data: { digestId: digest.id } });
      await enqueueAlert(tx, { digestId: digest.id });
      return true;
    });
    if (done) opened++;
  }
  return opened;
}
