/** The queue monitor counts the whole workspace and all workers, so it gets a database of its own. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import type { Scope } from "../../../lib/services/access/scope";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { listQueue, QUEUE_LIST_LIMIT } from "../../../lib/services/scans/list-queue";
import { createIsolatedDatabase } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let scope: Scope;
const now = new Date("2026-11-28T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 3);
  scope = await defaultScope(db);
});
afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

async function domain(name: string): Promise<string> {
  const ws = await getDefaultWorkspace(db);
  return (await db.domain.create({ data: { workspaceId: ws.id, name } })).id;
}

describe("listQueue", () => {
  it("is empty and idle for a new workspace", async () => {
    const q = await listQueue(scope, { now }, db);
    expect(q.counts).toEqual({ queued: 0, running: 0, workers: 0, failedLastDay: 0 });
    expect([q.running, q.queued, q.recent]).toEqual([[], [], []]);
    expect(q.generatedAt).toBe(now.toISOString());
  });

  it("counts queued and running scans and the workers seen in the last minute", async () => {
    // Three running scans on two live workers, one on a worker silent for two minutes.
    const running = [
      { name: "r1.q.example", worker: "w-a", beat: ago(5_000) },
      { name: "r2.q.example", worker: "w-a", beat: ago(10_000) },
      { name: "r3.q.example", worker: "w-b", beat: ago(50_000) },
      { name: "r4.q.example", worker: "w-dead", beat: ago(120_000) },
    ];
    for (const [i, r] of running.entries()) {
      await db.scan.create({
        data: { domainId: await domain(r.name), status: "running", requestedAt: ago(300_000), startedAt: ago(60_000 - i * 1_000), attempts: 1 + i, workerId: r.worker, heartbeatAt: r.beat },
      });
    }
    // 55 queued: more than the list shows.
    for (let i = 0; i < QUEUE_LIST_LIMIT + 5; i++) {
      await db.scan.create({ data: { domainId: await domain(`q${String(i).padStart(2, "0")}.q.example`), status: "queued", requestedAt: ago(200_000 - i * 1_000) } });
    }
    // Finished: one done, one failed within the day, one failed two days ago.
    const done = await domain("done.q.example");
    await db.scan.create({ data: { domainId: done, status: "done", requestedAt: ago(70_000), startedAt: ago(66_000), finishedAt: ago(63_000), durationMs: 3_000, grade: "B", score: 75, attempts: 1 } });
    const failed = await domain("failed.q.example");
    await db.scan.create({ data: { domainId: failed, status: "failed", requestedAt: ago(90_000), startedAt: ago(80_000), finishedAt: ago(30_000), error: "worker lost", attempts: 5 } });
    await db.scan.create({ data: { domainId: failed, status: "failed", requestedAt: ago(2 * 86_400_000), finishedAt: ago(2 * 86_400_000 - 1_000), error: "old", attempts: 5 } });

    const q = await listQueue(scope, { now }, db);
    expect(q.counts).toEqual({ queued: QUEUE_LIST_LIMIT + 5, running: 4, workers: 2, failedLastDay: 1 });
    expect(q.running.map((s) => s.domain)).toEqual(["r1.q.example", "r2.q.example", "r3.q.example", "r4.q.example"]);
    expect(q.running[0]).toMatchObject({ status: "running", workerId: "w-a", attempts: 1, startedAt: ago(60_000).toISOString() });
    // The queue in request order, capped.
    expect(q.queued).toHaveLength(QUEUE_LIST_LIMIT);
    expect(q.queued[0]!.domain).toBe("q00.q.example");
    expect(q.queued[QUEUE_LIST_LIMIT - 1]!.domain).toBe(`q${QUEUE_LIST_LIMIT - 1}.q.example`);
    // Newest finished first, failures with their reason.
    expect(q.recent.map((s) => [s.domain, s.status])).toEqual([
      ["failed.q.example", "failed"],
      ["done.q.example", "done"],
      ["failed.q.example", "failed"],
    ]);
    expect(q.recent[0]).toMatchObject({ error: "worker lost", attempts: 5 });
    expect(q.recent[1]).toMatchObject({ grade: "B", score: 75, durationMs: 3_000 });
    // The JSON route serves this as is: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(q))).toEqual(q);
  });
});
