/** The monitoring use cases behind /events, /settings and /settings/alerts (lib/services/monitoring/settings.ts). */
import type { JobHelpers } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { addAlertChannel, getDomainSchedule, listAlertChannels, listEvents, removeAlertChannel, setDomainSchedule } from "../../../lib/services/monitoring/settings";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { mxHost, report } from "../../unit/report/history-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

const helpers = () => ({ job: { locked_by: "t", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal }) as unknown as JobHelpers;

describe("monitoring settings", () => {
  it("lists a domain's events newest first, with both scan ids; unknown domains are not found", async () => {
    const ws = await getDefaultWorkspace(db);
    const name = uniqueDomain("events");
    const d = await db.domain.create({ data: { workspaceId: ws.id, name } });
    const ids: string[] = [];
    for (const [i, grade] of (["A", "B", "C"] as const).entries()) {
      const scan = await db.scan.create({ data: { domainId: d.id } });
      const r = { ...report({ domain: name, grade, mx: [mxHost(`mx1.${name}`, 10)] }), startedAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString() };
      await createScanTask({ db, scan: async () => r, heartbeatMs: 60_000, scannerVersion: "t" })({ scanId: scan.id }, helpers());
      ids.push(scan.id);
    }
    const page = await listEvents(scope, { domain: name }, db);
    expect(page.events.map((e) => [e.kind, e.before, e.after, e.previousScanId, e.scanId])).toEqual([
      ["grade-drop", "B", "C", ids[1], ids[2]],
      ["grade-drop", "A", "B", ids[0], ids[1]],
    ]);
    expect(page.olderCursor).toBeNull();
    await expect(listEvents(scope, { domain: uniqueDomain("nope") }, db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("sets and clears a domain's schedule override; rejects unknown intervals", async () => {
    const ws = await getDefaultWorkspace(db);
    const name = uniqueDomain("sched");
    await db.domain.create({ data: { workspaceId: ws.id, name, nextScanAt: new Date() } });
    expect(await setDomainSchedule(scope, { domain: name, interval: "hourly" }, db)).toMatchObject({ domainSeconds: 3600, effectiveSeconds: 3600, nextScanAt: null });
    expect(await setDomainSchedule(scope, { domain: name, interval: "off" }, db)).toMatchObject({ domainSeconds: 0, effectiveSeconds: 0 });
    const back = await setDomainSchedule(scope, { domain: name, interval: "default" }, db);
    expect(back.domainSeconds).toBeNull();
    expect(back.effectiveSeconds).toBe(back.workspaceSeconds);
    await expect(setDomainSchedule(scope, { domain: name, interval: "every-second" }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(getDomainSchedule(scope, uniqueDomain("nope"), db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("validates channels: a webhook gets a secret, bad targets are field errors", async () => {
    await expect(addAlertChannel(scope, { kind: "email", name: "x", target: "not-an-address" }, db)).rejects.toMatchObject({ fieldErrors: { target: "Enter an e-mail address" } });
    await expect(addAlertChannel(scope, { kind: "webhook", name: "x", target: "ftp://example.net/" }, db)).rejects.toMatchObject({ fieldErrors: { target: expect.stringContaining("https://") } });
    await expect(addAlertChannel(scope, { kind: "webhook", name: "x", target: "https://u:p@example.net/" }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(addAlertChannel(scope, { kind: "pager", name: "x", target: "https://example.net/" }, db)).rejects.toBeInstanceOf(ValidationError);
    const made = await addAlertChannel(scope, { kind: "webhook", name: "Ops", target: "https://hooks.example.net/mp", minSeverity: "medium", mode: "digest", kinds: ["mx-change"] }, db);
    try {
      expect(made.secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const listed = (await listAlertChannels(scope, db)).find((c) => c.id === made.id);
      expect(listed).toMatchObject({ kind: "webhook", name: "Ops", hasSecret: true, rules: [{ kinds: ["mx-change"], minSeverity: "medium", mode: "digest" }], recent: [] });
    } finally {
      await removeAlertChannel(scope, made.id, db);
    }
    await expect(removeAlertChannel(scope, made.id, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});
