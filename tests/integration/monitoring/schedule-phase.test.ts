/**
 * The scheduler's slot rule (lib/services/monitoring/schedule.ts) at the edge, on explicit clocks:
 * a slot claimed less than half an interval late keeps its phase; one claimed later starts a new
 * phase from the claim, so two scheduled scans are never less than half an interval apart — with
 * an odd interval too (3 s: half is 1.5 s, not the 1 s integer division would give). The scan is
 * requested at the tick's time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { enqueueDueScans } from "../../../lib/services/monitoring/schedule";
import { createIsolatedDatabase } from "../../helpers/db";

const T = Date.parse("2026-12-01T10:00:00.000Z");
let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let workspaceId: string;

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 2);
  workspaceId = (await db.workspace.create({ data: { slug: "phase", name: "Phase", scanIntervalSeconds: 3 } })).id;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

async function domainDueAt(name: string, at: number): Promise<string> {
  return (await db.domain.create({ data: { workspaceId, name, nextScanAt: new Date(at) } })).id;
}

async function nextSlot(id: string): Promise<number> {
  return (await db.domain.findUniqueOrThrow({ where: { id }, select: { nextScanAt: true } })).nextScanAt!.getTime();
}

describe("slot phase", () => {
  it("keeps the phase when claimed 1.2 s late, and requests the scan at the tick's time", async () => {
    const id = await domainDueAt("phase-kept.example", T);
    const now = new Date(T + 1_200);
    expect((await enqueueDueScans(db, now)).queued).toBe(1);
    expect(await nextSlot(id)).toBe(T + 3_000);
    const scan = await db.scan.findFirstOrThrow({ where: { domainId: id } });
    expect(scan.requestedAt.getTime()).toBe(now.getTime());
  });

  it("starts a new phase when claimed 1.8 s late (more than half of a 3 s interval)", async () => {
    const id = await domainDueAt("phase-new.example", T);
    const now = T + 1_800;
    expect((await enqueueDueScans(db, new Date(now))).queued).toBe(1);
    const next = await nextSlot(id);
    // An interval from the claim, plus up to a tenth of it — never the old phase's T + 3 s.
    expect(next).toBeGreaterThanOrEqual(now + 3_000);
    expect(next).toBeLessThanOrEqual(now + 3_300);
  });
});
