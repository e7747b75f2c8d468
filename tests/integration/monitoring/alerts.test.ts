/**
 * Events and alerts end to end (docs/monitoring.md, docs/alerts.md): scans stored through the real
 * queue task record change events; a real queue worker delivers them to a webhook receiver and an
 * SMTP sink started here, on loopback. One message per event, a valid HMAC, retries after
 * failures, a flapping domain summarised, and one digest a day on a fake clock.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { JobHelpers } from "graphile-worker";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { openDueDigests } from "../../../lib/services/monitoring/deliver";
import type { MonitoringOptions } from "../../../lib/services/monitoring/runtime";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { startWorker, type WorkerHandle } from "../../../lib/services/worker";
import type { ScanReport } from "../../../lib/scan/types";
import { createIsolatedDatabase } from "../../helpers/db";
import { mxHost, report } from "../../unit/report/history-fixtures";

type Received = { body: string; signature?: string; timestamp?: string };

/** A webhook receiver on loopback that answers 500 to the first `failFirst` requests of each message. */
async function startReceiver(failFirst = 0) {
  const received: Received[] = [];
  const tries = new Map<string, number>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { event?: { id: string }; day?: string };
      const key = body.event?.id ?? body.day ?? "";
      tries.set(key, (tries.get(key) ?? 0) + 1);
      if (tries.get(key)! <= failFirst) {
        res.writeHead(500).end();
        return;
      }
      received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-mailposture-signature"] as string | undefined, timestamp: req.headers["x-mailposture-timestamp"] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    requests: () => requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** An SMTP sink (the smtp-server package) that keeps each message's raw text. */
async function startSink() {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push(Buffer.concat(chunks).toString("utf8"));
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SECRET = "s3cret-for-tests";
let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let worker: WorkerHandle;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let flaky: Awaited<ReturnType<typeof startReceiver>>;
let sink: Awaited<ReturnType<typeof startSink>>;
let clock = new Date("2026-12-01T06:00:00.000Z");

function helpers(): JobHelpers {
  return { job: { locked_by: "test", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal } as unknown as JobHelpers;
}

let scanClock = Date.parse("2026-11-01T00:00:00.000Z");

/** Stores `r` as a finished scan (a minute after the one before) through the real scan task, as a worker would. */
async function storeScan(domainId: string, r: ScanReport): Promise<string> {
  const scan = await db.scan.create({ data: { domainId } });
  scanClock += 60_000;
  const observed = { ...structuredClone(r), startedAt: new Date(scanClock).toISOString() };
  await createScanTask({ db, scan: async () => observed, heartbeatMs: 60_000, scannerVersion: "test" })({ scanId: scan.id }, helpers());
  return scan.id;
}

async function jobsLeft(): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'alert'`;
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 5);
  [hook, flaky, sink] = await Promise.all([startReceiver(), startReceiver(2), startSink()]);
  const now = () => clock;
  const monitoring: MonitoringOptions = {
    scheduler: false,
    tickMs: 60_000,
    digestHourUtc: 8,
    now,
    alerts: { retryBaseMs: 20, appUrl: "https://mailposture.test", send: { allowPrivate: true, smtpUrl: sink.url, from: "mailposture <alerts@mailposture.test>", now } },
  };
  const scanTask = createScanTask({ db, scan: async () => { throw new Error("no scans here"); }, heartbeatMs: 60_000, scannerVersion: "test" });
  worker = await startWorker({ databaseUrl: iso.url, db, scanTask: scanTask as never, concurrency: 4, staleAfterMs: 60_000, monitoring });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await db?.$disconnect();
  await Promise.all([hook?.close(), flaky?.close(), sink?.close()]);
  await iso?.drop();
});

async function workspaceWith(channels: { kind: string; target: string; secret?: string; mode?: string; minSeverity?: string }[]) {
  const slug = `alerts-${crypto.randomUUID().slice(0, 8)}`;
  const ws = await db.workspace.create({ data: { slug, name: slug } });
  for (const c of channels) {
    await db.alertChannel.create({
      data: { workspaceId: ws.id, kind: c.kind, name: c.kind, target: c.target, secret: c.secret ?? null, rules: { create: [{ kinds: [], minSeverity: c.minSeverity ?? "medium", mode: c.mode ?? "immediate" }] } },
    });
  }
  const domain = await db.domain.create({ data: { workspaceId: ws.id, name: `${slug}.example` } });
  return { ws, domain };
}

describe("alerts", () => {
  it("sends exactly one signed webhook, one retried webhook and one e-mail per event, never one per scan", async () => {
    const { domain } = await workspaceWith([
      { kind: "webhook", target: hook.url, secret: SECRET },
      { kind: "webhook", target: flaky.url, secret: SECRET },
      { kind: "email", target: "ops@example.test" },
    ]);
    const before = report({ domain: domain.name, grade: "A", mx: [mxHost(`mx1.${domain.name}`, 10)] });
    const after = report({ domain: domain.name, grade: "C", mx: [mxHost(`mx1.${domain.name}`, 10), mxHost(`mx2.${domain.name}`, 20)] });
    await storeScan(domain.id, before);
    const second = await storeScan(domain.id, after);
    await storeScan(domain.id, after); // unchanged: no event, no alert
    await storeScan(domain.id, after);

    const events = await db.event.findMany({ where: { domainId: domain.id }, orderBy: { kind: "asc" } });
    expect(events.map((e) => [e.kind, e.before, e.after, e.scanId])).toEqual([
      ["grade-drop", "A", "C", second],
      ["mx-change", `mx1.${domain.name}`, `mx1.${domain.name} mx2.${domain.name}`, second],
    ]);

    await until("all alerts delivered", async () => (await jobsLeft()) === 0 && (await db.alertDelivery.count({ where: { event: { domainId: domain.id }, status: "pending" } })) === 0);
    const mine = (r: Received[]) => r.filter((m) => (JSON.parse(m.body) as { event: { domain: string } }).event.domain === domain.name);

    for (const received of [mine(hook.received), mine(flaky.received)]) {
      expect(received).toHaveLength(2);
      for (const m of received) {
        expect(m.signature).toBe(`sha256=${createHmac("sha256", SECRET).update(m.body).digest("hex")}`);
        const body = JSON.parse(m.body) as { type: string; timestamp: string; event: { kind: string; compareUrl: string } };
        expect(body.timestamp).toBe(m.timestamp);
        expect(body.event.compareUrl).toContain(`/domains/${domain.name}/compare?a=`);
      }
      expect(received.map((m) => (JSON.parse(m.body) as { event: { kind: string } }).event.kind).sort()).toEqual(["grade-drop", "mx-change"]);
    }
    // The flaky receiver answered 500 twice to each message: each took three attempts.
    const flakyLogs = await db.alertDelivery.findMany({ where: { channel: { target: flaky.url }, event: { domainId: domain.id } }, select: { attempts: true, status: true, log: true } });
    expect(flakyLogs.map((d) => d.status)).toEqual(["sent", "sent"]);
    for (const d of flakyLogs) {
      expect(d.attempts).toBe(3);
      expect((d.log as { ok: boolean; status?: number }[]).map((l) => [l.ok, l.status])).toEqual([[false, 500], [false, 500], [true, 204]]);
    }

    const mails = sink.messages.filter((m) => m.includes(domain.name));
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => /^To: ops@example\.test/m.test(m))).toBe(true);
  }, 60_000);

  it("refuses a loopback webhook target when private addresses are not allowed", async () => {
    const { sendToChannel } = await import("../../../lib/services/monitoring/send");
    const r = await sendToChannel({ kind: "webhook", target: hook.url, secret: SECRET }, { json: {}, subject: "s", text: "t" }, { allowPrivate: false, from: "x@y", now: () => new Date() });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toMatch(/refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/);
    // A name is resolved and its addresses checked before connecting.
    const byName = await sendToChannel({ kind: "slack", target: hook.url.replace("127.0.0.1", "localhost"), secret: null }, { json: {}, subject: "s", text: "t" }, { allowPrivate: false, from: "x@y", now: () => new Date() });
    expect(!byName.ok && byName.error).toMatch(/^refused: localhost resolves to .* \(loopback\)/);
  });

  it("posts a Slack/Teams-compatible text message, unsigned", async () => {
    const { sendToChannel } = await import("../../../lib/services/monitoring/send");
    const slack = await startReceiver();
    try {
      const r = await sendToChannel({ kind: "slack", target: slack.url, secret: null }, { json: {}, subject: "example.com: Grade dropped", text: "Grade dropped from A to C." }, { allowPrivate: true, from: "x@y", now: () => new Date() });
      expect(r).toEqual({ ok: true, status: 204 });
      expect(slack.received).toHaveLength(1);
      expect(JSON.parse(slack.received[0]!.body)).toEqual({ text: "*example.com: Grade dropped*\nGrade dropped from A to C." });
      expect(slack.received[0]!.signature).toBeUndefined();
    } finally {
      await slack.close();
    }
  });

  it("a flapping domain is summarised in the digest after a few immediate alerts", async () => {
    const { domain } = await workspaceWith([{ kind: "webhook", target: hook.url, secret: SECRET }]);
    const one = report({ domain: domain.name, mx: [mxHost(`mx1.${domain.name}`, 10)] });
    const two = report({ domain: domain.name, mx: [mxHost(`mx2.${domain.name}`, 10)] });
    for (const r of [one, two, one, two, one, two]) await storeScan(domain.id, r);
    const deliveries = await db.alertDelivery.findMany({ where: { event: { domainId: domain.id } }, select: { mode: true } });
    expect(deliveries.map((d) => d.mode).sort()).toEqual(["digest", "digest", "immediate", "immediate", "immediate"]);
  });

  it("digest mode sends one message a day, at the digest hour", async () => {
    const digestHook = await startReceiver();
    try {
      const { domain } = await workspaceWith([{ kind: "webhook", target: digestHook.url, secret: SECRET, mode: "digest", minSeverity: "info" }]);
      const a = report({ domain: domain.name, grade: "A", mx: [mxHost(`mx1.${domain.name}`, 10)] });
      const b = report({ domain: domain.name, grade: "B", mx: [mxHost(`mx1.${domain.name}`, 10), mxHost(`mx2.${domain.name}`, 20)] });
      const c = report({ domain: domain.name, grade: "C", mx: [mxHost(`mx2.${domain.name}`, 20)] });
      await storeScan(domain.id, a);
      await storeScan(domain.id, b);
      await storeScan(domain.id, c);
      expect(await db.event.count({ where: { domainId: domain.id } })).toBe(4);

      const day1 = "2026-12-01";
      clock = new Date(`${day1}T07:59:00.000Z`);
      await openDueDigests(db, clock, 8);
      await new Promise((r) => setTimeout(r, 300));
      expect(digestHook.requests()).toBe(0); // not before the digest hour

      clock = new Date(`${day1}T08:00:00.000Z`);
      await openDueDigests(db, clock, 8);
      await until("the first digest", () => digestHook.received.length === 1);
      const first = JSON.parse(digestHook.received[0]!.body) as { type: string; day: string; events: unknown[] };
      expect(first).toMatchObject({ type: "digest", day: day1 });
      expect(first.events).toHaveLength(4);

      // A later event the same day waits for tomorrow's digest, however often digests are opened.
      await storeScan(domain.id, b);
      clock = new Date(`${day1}T20:00:00.000Z`);
      await openDueDigests(db, clock, 8);
      await openDueDigests(db, clock, 8);
      clock = new Date("2026-12-02T07:00:00.000Z");
      await openDueDigests(db, clock, 8);
      await new Promise((r) => setTimeout(r, 300));
      expect(digestHook.requests()).toBe(1);

      clock = new Date("2026-12-02T09:30:00.000Z");
      await Promise.all([openDueDigests(db, clock, 8), openDueDigests(db, clock, 8)]);
      await until("the second digest", () => digestHook.received.length === 2);
      const second = JSON.parse(digestHook.received[1]!.body) as { day: string; events: { kind: string }[] };
      expect(second.day).toBe("2026-12-02");
      expect(second.events.map((e) => e.kind)).toEqual(["mx-change"]);
      await until("no alert jobs left", async () => (await jobsLeft()) === 0);
      expect(digestHook.requests()).toBe(2);
    } finally {
      await digestHook.close();
    }
  }, 60_000);
});
