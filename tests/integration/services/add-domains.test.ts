import { afterAll, describe, expect, it } from "vitest";
import { addDomains, firstField, splitDomainList } from "../../../lib/services/domains/add-domains";
import { ValidationError } from "../../../lib/services/errors";
import { workspaceLimits } from "../../../lib/services/quotas";
import { openTestDb, queuedJobs, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { seedDomain } from "./portfolio-seed";

const db = openTestDb();
/** MAILPOSTURE_BULK_ADD_MAX, 10 000 unless the environment says otherwise. */
const MAX_ADD_LINES = workspaceLimits().bulkAddMax;
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

describe("splitting a pasted list", () => {
  it("takes the first CSV field, unquotes it, and counts blank lines", () => {
    expect(firstField(`"example.com","owner, inc"`)).toBe("example.com");
    expect(firstField(`"a""b",c`)).toBe(`a"b`);
    expect(firstField("example.org;x")).toBe("example.org");
    expect(firstField("example.net\tx")).toBe("example.net");
    const { candidates, blank, skipped } = splitDomainList("\uFEFFdomain,owner\r\nexample.com,Ann\n\n# a comment\n  example.org  \n");
    expect(blank).toBe(2);
    expect(skipped.map((s) => [s.line, s.reason])).toEqual([
      [1, "Header row"],
      [4, "Comment line"],
    ]);
    expect(candidates.map((c) => [c.line, c.field])).toEqual([
      [2, "example.com"],
      [5, "example.org"],
    ]);
  });

  it("treats a header word only on the first line as a header", () => {
    expect(splitDomainList("a.example\ndomain").candidates.map((c) => c.field)).toEqual(["a.example", "domain"]);
  });
});

describe("addDomains", () => {
  it("gives every line a result: added and queued, present, duplicate, invalid, skipped", async () => {
    const fresh = uniqueDomain("add-new");
    const other = uniqueDomain("add-new2");
    const present = uniqueDomain("add-old");
    const old = await seedDomain(db, { name: present, scans: [["B", 75, new Date()]] });
    const text = [
      "domain", // 1 header
      fresh.toUpperCase(), // 2 added
      `${present},team`, // 3 present
      "", // blank
      "http://example.com/", // 5 invalid
      `${fresh}.`, // 6 duplicate of line 2
      "# later", // 7 comment
      other, // 8 added
    ].join("\n");
    const { lines, counts } = await addDomains(scope, text, {}, db);
    expect(lines.map((l) => [l.line, l.status])).toEqual([
      [1, "skipped"],
      [2, "added"],
      [3, "present"],
      [5, "invalid"],
      [6, "duplicate"],
      [7, "skipped"],
      [8, "added"],
    ]);
    expect(lines[1]).toMatchObject({ domain: fresh, scan: "queued", input: fresh.toUpperCase() });
    expect(lines[2]).toMatchObject({ domain: present, scan: "not-rescanned" });
    expect(lines[3]!.reason).toMatch(/URL/);
    expect(lines[4]).toMatchObject({ domain: fresh, reason: "Same domain as line 2" });
    expect(counts).toEqual({ added: 2, present: 1, duplicate: 1, invalid: 1, skipped: 2, queued: 2, blank: 1, deferred: 0 });

    const added = await db.domain.findFirstOrThrow({ where: { name: fresh } });
    expect(await queuedJobs(db, added.id)).toBe(1);
    // The present domain was not rescanned.
    expect(await db.scan.count({ where: { domainId: old.id, status: { in: ["queued", "running"] } } })).toBe(0);
  });

  it("rescans present domains when asked, once, and says when a scan was already active", async () => {
    const idle = uniqueDomain("add-idle");
    const busy = uniqueDomain("add-busy");
    const a = await seedDomain(db, { name: idle, scans: [["A", 90, new Date()]] });
    await seedDomain(db, { name: busy, active: "queued" });
    const { lines, counts } = await addDomains(scope, [idle, busy], { rescanExisting: true }, db);
    expect(lines.map((l) => [l.status, l.scan])).toEqual([
      ["present", "queued"],
      ["present", "already-active"],
    ]);
    expect(counts.queued).toBe(1);
    expect(await queuedJobs(db, a.id)).toBe(1);
  });

  it("refuses more than 10 000 lines, adding nothing", async () => {
    const tooMany = Array.from({ length: MAX_ADD_LINES + 1 }, () => uniqueDomain("add-max"));
    const err = await addDomains(scope, tooMany.join("\n"), {}, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/10,001 lines; add at most 10,000/);
    expect(await db.domain.count({ where: { name: { in: tooMany.slice(0, 100) } } })).toBe(0);
  });

  it("refuses an empty list", async () => {
    await expect(addDomains(scope, "\n \n# only a comment\n", {}, db)).rejects.toBeInstanceOf(ValidationError);
  });
});
