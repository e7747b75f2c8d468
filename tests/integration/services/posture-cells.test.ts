/**
 * Portfolio cells that do not mislead (issue 13 item 6), through the filters: a broken enforce
 * policy and a check that could not be done are not "enforce" / "invalid"; the "unknown" filter
 * ("Broken enforce, no valid policy, not checked / n/a") finds them.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PARAMS, type DomainListParams } from "../../../lib/report/domain-list-params";
import { listDomains } from "../../../lib/services/domains/list-domains";
import { openTestDb } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { daysAgo, seedDomain } from "./portfolio-seed";

const db = openTestDb();
const scope = await defaultScope(db);
const now = new Date("2026-11-28T12:00:00Z");
const tok = `pc${randomBytes(4).toString("hex")}`;
const n = (label: string) => `${label}.${tok}.example`;
const names = async (patch: Partial<DomainListParams>) => (await listDomains(scope, { ...DEFAULT_PARAMS, q: tok, ...patch }, { now }, db)).rows.map((r) => r.name);

beforeAll(async () => {
  const seed = (label: string, mtaStsMode: string | null, dmarcPolicy: string | null) =>
    seedDomain(db, { name: n(label), scans: [["B", 80, daysAgo(now, 1)]], latest: { mtaStsMode, dmarcPolicy } });
  await seed("a-enforce", "enforce", "reject");
  await seed("b-uncovered", "enforce-uncovered", "quarantine");
  await seed("c-tlsfails", "enforce-tls-fails", "none");
  await seed("d-notchecked", "not-checked", "not-checked");
  await seed("e-nopolicy", null, null);
});
afterAll(() => db.$disconnect());

describe("posture filters with the truthful cell states", () => {
  it("enforce means an enforce policy that protects every MX", async () => {
    expect(await names({ mtaSts: ["enforce"] })).toEqual([n("a-enforce")]);
  });

  it("unknown finds broken enforce, not checked and no valid policy", async () => {
    expect(await names({ mtaSts: ["unknown"] })).toEqual([n("b-uncovered"), n("c-tlsfails"), n("d-notchecked"), n("e-nopolicy")]);
  });

  it("DMARC unknown finds not-checked and invalid; policies stay exact", async () => {
    expect(await names({ dmarc: ["unknown"] })).toEqual([n("d-notchecked"), n("e-nopolicy")]);
    expect(await names({ dmarc: ["none"] })).toEqual([n("c-tlsfails")]);
  });

  it("rows carry the state for the cell", async () => {
    const rows = (await listDomains(scope, { ...DEFAULT_PARAMS, q: tok }, { now }, db)).rows;
    expect(rows.find((r) => r.name === n("b-uncovered"))).toMatchObject({ mtaStsMode: "enforce-uncovered" });
    expect(rows.find((r) => r.name === n("d-notchecked"))).toMatchObject({ dmarcPolicy: "not-checked" });
  });
});
