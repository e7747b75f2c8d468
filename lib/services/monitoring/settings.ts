/**
 * The monitoring use cases the dashboard calls (docs/monitoring.md, docs/alerts.md): the event
 * timeline, rescan schedules, and alert channels with their rules. Input is validated here (zod).
 * Everyone in the workspace reads events and schedules; changing a schedule or an alert channel,
 * and seeing the channels at all (a webhook or Slack URL is itself a credential), takes "manage".
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { EVENT_KINDS, EVENT_SEVERITIES } from "@/lib/report/changes";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { rescheduleDomains, SCAN_INTERVALS } from "./schedule";
import { CHANNEL_KINDS, webhookUrlProblem } from "./send";

export type EventView = {
  id: string;
  domain: string;
  kind: string;
  severity: string;
  subject: string;
  before: string | null;
  after: string | null;
  summary: string;
  at: string;
  /** Null for an event found in the senders' reports (no scans to compare). */
  scanId: string | null;
  previousScanId: string | null;
};

export type EventPage = { events: EventView[]; olderCursor: string | null };

const PAGE = 50;

function fieldError(err: z.ZodError): ValidationError {
  const fieldErrors: Record<string, string> = {};
  for (const i of err.issues) fieldErrors[String(i.path[0] ?? "form")] ??= i.message;
  return new ValidationError(err.issues[0]?.message ?? "Check the form", fieldErrors);
}

/** Newest first, keyset-paged by (createdAt, id); `domain` narrows it to one domain's timeline. */
export async function listEvents(scope: Scope, opts: { domain?: string; before?: string }, db: Db = getDb()): Promise<EventPage> {
  const workspaceId = scope.workspaceId;
  let domainId: string | undefined;
  if (opts.domain !== undefined) {
    const d = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId, name: opts.domain } }, select: { id: true } });
    if (!d) throw new NotFoundError(`${opts.domain} is not in this workspace`);
    domainId = d.id;
  }
  let cursor: { createdAt: Date; id: string } | null = null;
  if (opts.before && /^[0-9a-f-]{36}$/i.test(opts.before)) cursor = await db.event.findFirst({ where: { id: opts.before, workspaceId }, select: { createdAt: true, id: true } });
  const rows = await db.event.findMany({
    where: {
      workspaceId,
      ...(domainId ? { domainId } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: { id: true, kind: true, severity: true, subject: true, before: true, after: true, summary: true, createdAt: true, scanId: true, previousScanId: true, domain: { select: { name: true } } },
  });
  const events = rows.slice(0, PAGE).map((r) => ({
    id: r.id,
    domain: r.domain.name,
    kind: r.kind,
    severity: r.severity,
    subject: r.subject,
    before: r.before,
    after: r.after,
    summary: r.summary,
    at: r.createdAt.toISOString(),
    scanId: r.scanId,
    previousScanId: r.previousScanId,
  }));
  return { events, olderCursor: rows.length > PAGE ? events[events.length - 1]!.id : null };
}

// ---- schedules ----

export type ScheduleView = { workspaceSeconds: number; domainSeconds: number | null; effectiveSeconds: number; nextScanAt: string | null };

const IntervalInput = z.enum(Object.keys(SCAN_INTERVALS) as [keyof typeof SCAN_INTERVALS, ...(keyof typeof SCAN_INTERVALS)[]], { error: "Choose hourly, daily, weekly or off" });

export async function getWorkspaceSchedule(scope: Scope, db: Db = getDb()): Promise<{ seconds: number }> {
  const row = await db.workspace.findUnique({ where: { id: scope.workspaceId }, select: { scanIntervalSeconds: true } });
  if (!row) throw new NotFoundError("No such workspace");
  return { seconds: row.scanIntervalSeconds };
}

export async function setWorkspaceSchedule(scope: Scope, input: unknown, db: Db = getDb()): Promise<{ seconds: number }> {
  assertCan(scope, "manage");
  const parsed = z.object({ interval: IntervalInput }).safeParse(input);
  if (!parsed.success) throw fieldError(parsed.error);
  const seconds = SCAN_INTERVALS[parsed.data.interval];
  const { count } = await db.workspace.updateMany({ where: { id: scope.workspaceId }, data: { scanIntervalSeconds: seconds } });
  if (count === 0) throw new NotFoundError("No such workspace");
  await rescheduleDomains(db, { workspaceId: scope.workspaceId });
  await recordAudit(db, scope, "workspace.settings", "rescan schedule", { interval: parsed.data.interval });
  return { seconds };
}

export async function getDomainSchedule(scope: Scope, domain: string, db: Db = getDb()): Promise<ScheduleView> {
  const d = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: domain } }, select: { scanIntervalSeconds: true, nextScanAt: true, workspace: { select: { scanIntervalSeconds: true } } } });
  if (!d) throw new NotFoundError(`${domain} is not in this workspace`);
  return {
    workspaceSeconds: d.workspace.scanIntervalSeconds,
    domainSeconds: d.scanIntervalSeconds,
    effectiveSeconds: d.scanIntervalSeconds ?? d.workspace.scanIntervalSeconds,
    nextScanAt: d.nextScanAt?.toISOString() ?? null,
  };
}

/** `interval: "default"` returns the domain to the workspace's interval. */
export async function setDomainSchedule(scope: Scope, input: unknown, db: Db = getDb()): Promise<ScheduleView> {
  assertCan(scope, "manage");
  const parsed = z.object({ domain: z.string().min(1).max(253), interval: z.union([z.literal("default"), IntervalInput]) }).safeParse(input);
  if (!parsed.success) throw fieldError(parsed.error);
  const d = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: parsed.data.domain } }, select: { id: true } });
  if (!d) throw new NotFoundError(`${parsed.data.domain} is not in this workspace`);
  const seconds = parsed.data.interval === "default" ? null : SCAN_INTERVALS[parsed.data.interval];
  await db.domain.update({ where: { id: d.id }, data: { scanIntervalSeconds: seconds } });
  await rescheduleDomains(db, { domainId: d.id });
  await recordAudit(db, scope, "workspace.settings", parsed.data.domain, { interval: parsed.data.interval });
  return getDomainSchedule(scope, parsed.data.domain, db);
}

// ---- alert channels ----

export type AlertRuleView = { id: string; kinds: string[]; minSeverity: string; mode: string };
export type AlertDeliveryView = { at: string; status: string; attempts: number; summary: string; domain: string; lastError: string | null };
export type AlertChannelView = { id: string; kind: string; name: string; target: string; hasSecret: boolean; rules: AlertRuleView[]; recent: AlertDeliveryView[] };

export async function listAlertChannels(scope: Scope, db: Db = getDb()): Promise<AlertChannelView[]> {
  assertCan(scope, "manage");
  const rows = await db.alertChannel.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      name: true,
      target: true,
      secret: true,
      rules: { orderBy: { createdAt: "asc" }, select: { id: true, kinds: true, minSeverity: true, mode: true } },
      deliveries: { orderBy: { createdAt: "desc" }, take: 10, select: { createdAt: true, status: true, attempts: true, log: true, event: { select: { summary: true, domain: { select: { name: true } } } } } },
    },
  });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    target: c.target,
    hasSecret: c.secret !== null,
    rules: c.rules,
    recent: c.deliveries.map((d) => {
      const log = d.log as { ok: boolean; error?: string }[];
      const last = log[log.length - 1];
      return { at: d.createdAt.toISOString(), status: d.status, attempts: d.attempts, summary: d.event.summary, domain: d.event.domain.name, lastError: last && !last.ok ? (last.error ?? null) : null };
    }),
  }));
}

const ChannelInput = z
  .object({
    kind: z.enum(CHANNEL_KINDS as [string, ...string[]], { error: "Choose e-mail, webhook or Slack/Teams" }),
    name: z.string().trim().min(1, { error: "Give the channel a name" }).max(80),
    target: z.string().trim().min(1, { error: "Enter an address or URL" }).max(2000),
    minSeverity: z.enum(EVENT_SEVERITIES as [string, ...string[]]).default("high"),
    mode: z.enum(["immediate", "digest"]).default("immediate"),
    kinds: z.array(z.enum(EVENT_KINDS)).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "email") {
      if (!z.email().safeParse(v.target).success) ctx.addIssue({ code: "custom", path: ["target"], message: "Enter an e-mail address" });
    } else {
      const problem = webhookUrlProblem(v.target);
      if (problem) ctx.addIssue({ code: "custom", path: ["target"], message: problem });
    }
  });

/** Adds a channel with one rule; a webhook channel gets a fresh signing secret, shown once. */
export async function addAlertChannel(scope: Scope, input: unknown, db: Db = getDb()): Promise<{ id: string; secret: string | null }> {
  assertCan(scope, "manage");
  const parsed = ChannelInput.safeParse(input);
  if (!parsed.success) throw fieldError(parsed.error);
  const v = parsed.data;
  const secret = v.kind === "webhook" ? randomBytes(24).toString("base64url") : null;
  const ch = await db.alertChannel.create({
    data: { workspaceId: scope.workspaceId, kind: v.kind, name: v.name, target: v.target, secret, rules: { create: [{ kinds: v.kinds, minSeverity: v.minSeverity, mode: v.mode }] } },
    select: { id: true },
  });
  // The name and kind only: the target may be a credential (a Slack or webhook URL).
  await recordAudit(db, scope, "alert.change", v.name, { change: "add-channel", kind: v.kind });
  return { id: ch.id, secret };
}

export async function removeAlertChannel(scope: Scope, id: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new ValidationError("Unknown channel");
  const ch = await db.alertChannel.findFirst({ where: { id: parsed.data, workspaceId: scope.workspaceId }, select: { name: true } });
  const { count } = await db.alertChannel.deleteMany({ where: { id: parsed.data, workspaceId: scope.workspaceId } });
  if (count === 0 || !ch) throw new NotFoundError("That channel no longer exists");
  await recordAudit(db, scope, "alert.change", ch.name, { change: "remove-channel" });
}

export async function addAlertRule(scope: Scope, input: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  const parsed = z
    .object({ channelId: z.uuid(), minSeverity: z.enum(EVENT_SEVERITIES as [string, ...string[]]), mode: z.enum(["immediate", "digest"]), kinds: z.array(z.enum(EVENT_KINDS)).default([]) })
    .safeParse(input);
  if (!parsed.success) throw fieldError(parsed.error);
  const ch = await db.alertChannel.findFirst({ where: { id: parsed.data.channelId, workspaceId: scope.workspaceId }, select: { id: true, name: true } });
  if (!ch) throw new NotFoundError("That channel no longer exists");
  await db.alertRule.create({ data: { channelId: ch.id, kinds: parsed.data.kinds, minSeverity: parsed.data.minSeverity, mode: parsed.data.mode } });
  await recordAudit(db, scope, "alert.change", ch.name, { change: "add-rule", minSeverity: parsed.data.minSeverity, mode: parsed.data.mode });
}

export async function removeAlertRule(scope: Scope, id: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new ValidationError("Unknown rule");
  const rule = await db.alertRule.findFirst({ where: { id: parsed.data, channel: { workspaceId: scope.workspaceId } }, select: { channel: { select: { name: true } } } });
  // Another workspace's rule is not found, exactly like one already removed (a double submit).
  const { count } = await db.alertRule.deleteMany({ where: { id: parsed.data, channel: { workspaceId: scope.workspaceId } } });
  if (count === 0 || !rule) throw new NotFoundError("That rule no longer exists");
  await recordAudit(db, scope, "alert.change", rule.channel.name, { change: "remove-rule" });
}
