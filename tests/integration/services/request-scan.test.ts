import { domainToASCII } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/client";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { ValidationError } from "../../../lib/services/errors";
import { openTestDb, queuedJobs, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

/** A database handle that records every use: validation must reject bad input before any query. */
function recordingDb(): { db: Db; touched: string[] } {
  const touched: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      touched.push(String(prop));
      return Reflect.get(target, prop, receiver);
    },
  });
  return { db: proxy, touched };
}

describe("requestScan", () => {
  it("creates a queued scan and exactly one job for a new domain", async () => {
    const name = uniqueDomain("new");
    const result = await requestScan(scope, { domain: name.toUpperCase() + "." }, db);
    expect(result.domain).toBe(name);
    expect(result.alreadyActive).toBe(false);
    const scan = await db.scan.findUniqueOrThrow({ where: { id: result.scanId } });
    expect(scan.status).toBe("queued");
    expect(await queuedJobs(db, result.domainId)).toBe(1);
  });

  it("normalizes an IDN to its A-label", async () => {
    const input = `bücher-${uniqueDomain("idn")}`;
    const result = await requestScan(scope, { domain: input }, db);
    expect(result.domain).toBe(domainToASCII(input));
    expect(result.domain).toMatch(/^xn--bcher-/);
  });

  it("returns the active scan instead of queueing the same domain twice", async () => {
    const name = uniqueDomain("twice");
    const first = await requestScan(scope, { domain: name }, db);
    const concurrent = await Promise.all([requestScan(scope, { domain: name }, db), requestScan(scope, { domain: name }, db)]);
    for (const r of concurrent) {
      expect(r.scanId).toBe(first.scanId);
      expect(r.alreadyActive).toBe(true);
    }
    expect(await db.scan.count({ where: { domainId: first.domainId } })).toBe(1);
    expect(await queuedJobs(db, first.domainId)).toBe(1);
  });

  it("serializes racing first requests into one scan (partial unique index)", async () => {
    const name = uniqueDomain("race");
    const results = await Promise.all(Array.from({ length: 6 }, () => requestScan(scope, { domain: name }, db)));
    expect(new Set(results.map((r) => r.scanId)).size).toBe(1);
    expect(await db.scan.count({ where: { domain: { name } } })).toBe(1);
  });

  // The acceptance list: each gets a field error and nothing is enqueued or stored.
  it.each([
    ["exa mple.com"],
    ["http://x"],
    ["192.0.2.1"],
    ["a".repeat(300)],
    [""],
  ])("rejects %j with a field error and enqueues nothing", async (input) => {
    const spy = recordingDb();
    const err = await requestScan(scope, { domain: input }, spy.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    const fieldError = (err as ValidationError).fieldErrors?.domain;
    expect(fieldError).toBeTruthy();
    expect(fieldError!.length).toBeLessThan(120);
    // Nothing was read or written: no domain row, no scan row, no job.
    expect(spy.touched).toEqual([]);
  });
});
