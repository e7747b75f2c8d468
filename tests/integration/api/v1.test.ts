/**
 * The JSON API's read routes and the suggested-file download, called as Next.js would call them:
 * the exported GET of each route module with a Request (carrying a read token) and its params. The route modules reach the
 * database through getDb(), so DATABASE_URL points at the test database before they are imported.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { ScanReport } from "../../../lib/scan/types";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { createApiToken } from "../../../lib/services/api-tokens/tokens";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { mailReport, storeDoneScan, storeDomainOnly } from "../services/fix-fixtures";

process.env.DATABASE_URL = inject("databaseUrl");

// The suggested-file download is the dashboard's (session cookie, app/_auth/viewer.ts): here its
// signed-in viewer is the default workspace's, without a browser session.
const viewer = vi.hoisted(() => ({ scope: undefined as Scope | undefined }));
vi.mock("@/app/_auth/viewer", () => ({ actionScope: async () => viewer.scope! }));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
let domainsGet: (req: Request) => Promise<Response>;
let domainScansGet: Handler<{ domain: string }>;
let scanGet: Handler<{ id: string }>;
let fileGet: Handler<{ domain: string; file: string }>;

const db = openTestDb();
/** A read token of the default workspace, where the fixtures store their scans. */
let token: { id: string; token: string };

beforeAll(async () => {
  viewer.scope = systemScope((await getDefaultWorkspace(db)).id);
  token = await createApiToken(viewer.scope, { name: "v1 test", scope: "read" }, db);
  domainsGet = (await import("../../../app/api/v1/domains/route")).GET;
  domainScansGet = (await import("../../../app/api/v1/domains/[domain]/scans/route")).GET;
  scanGet = (await import("../../../app/api/v1/scans/[id]/route")).GET;
  fileGet = (await import("../../../app/api/domains/[domain]/files/[file]/route")).GET;
});
afterAll(async () => {
  await db.apiToken.delete({ where: { id: token.id } });
  await db.$disconnect();
});

const req = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token.token}` } });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

async function json(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Names that sort before every other test's domains (which start with a letter), so the first
 * page of the shared workspace is ours even while other test files add domains.
 */
const early = (n: number) => `0api-${randomBytes(3).toString("hex")}-${n}.example`;

describe("GET /api/v1/domains", () => {
  const names = [early(1), early(2), early(3)].sort();

  beforeAll(async () => {
    await storeDoneScan(db, mailReport(names[0]!));
    await storeDoneScan(db, mailReport(names[1]!));
    await storeDomainOnly(db, names[2]!);
  });

  it("lists domains by name in a paged envelope with their latest result", async () => {
    const res = await domainsGet(req("/api/v1/domains?per_page=3"));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ page: 1, perPage: 3 });
    expect(body.total).toBeGreaterThanOrEqual(3);
    const data = body.data as Record<string, unknown>[];
    expect(data.map((d) => d.name)).toEqual(names);
    expect(Object.keys(data[0]!).sort()).toEqual(["createdAt", "criticalCount", "exposure", "grade", "highCount", "lastScan", "name", "notGraded", "score"]);
    expect(data[0]).toMatchObject({ grade: "C", score: 61, exposure: "exposed", highCount: 1, criticalCount: 0, lastScan: { id: expect.any(String), finishedAt: "2026-11-28T12:00:01.834Z" } });
    expect(data[2]).toMatchObject({ grade: null, score: null, exposure: null, lastScan: null });
  });

  it("pages with page and per_page", async () => {
    const second = await json(await domainsGet(req("/api/v1/domains?page=2&per_page=2")));
    expect(second).toMatchObject({ page: 2, perPage: 2 });
    expect((second.data as { name: string }[])[0]!.name).toBe(names[2]);
    const beyond = await json(await domainsGet(req("/api/v1/domains?page=100000&per_page=500")));
    expect(beyond.data).toEqual([]);
    const defaults = await json(await domainsGet(req("/api/v1/domains")));
    expect(defaults).toMatchObject({ page: 1, perPage: 50 });
  });

  it.each([["per_page=501"], ["per_page=0"], ["page=0"], ["page=abc"], ["page=-1"], ["per_page=1.5"]])("answers %s with 400 VALIDATION", async (query) => {
    const res = await domainsGet(req(`/api/v1/domains?${query}`));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ code: "VALIDATION", error: expect.any(String) });
  });
});

describe("GET /api/v1/domains/{domain}/scans", () => {
  it("lists the domain's scans newest first, paged, without reports", async () => {
    const domain = uniqueDomain("apiscans");
    const first = await storeDoneScan(db, mailReport(domain, "2026-11-01T12:00:00.000Z"));
    const second = await storeDoneScan(db, mailReport(domain, "2026-11-14T12:00:00.000Z"));
    const queued = await db.scan.create({ data: { domainId: first.domainId } });

    const res = await domainScansGet(req(`/api/v1/domains/${domain}/scans`), params({ domain }));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ page: 1, perPage: 50, total: 3 });
    const data = body.data as Record<string, unknown>[];
    expect(data.map((s) => s.id)).toEqual([queued.id, second.scanId, first.scanId]);
    expect(data[0]).toMatchObject({ status: "queued", grade: null, finishedAt: null, domain });
    expect(data[1]).toMatchObject({ status: "done", grade: "C", score: 61, durationMs: 1834, scannerVersion: "0.3.0", rulesetVersion: 1, finishedAt: "2026-11-14T12:00:01.834Z", error: null });
    for (const s of data) expect(s).not.toHaveProperty("report");

    const page2 = await json(await domainScansGet(req(`/api/v1/domains/${domain}/scans?page=2&per_page=2`), params({ domain })));
    expect((page2.data as { id: string }[]).map((s) => s.id)).toEqual([first.scanId]);
    expect(page2.total).toBe(3);

    // The path segment is normalized like user input.
    const upper = await json(await domainScansGet(req("/x"), params({ domain: `${domain.toUpperCase()}.` })));
    expect(upper.total).toBe(3);
  });

  it.each([["unknown", () => uniqueDomain("apinone")], ["malformed", () => "not a domain!"], ["a URL", () => "https%3A%2F%2Fexample.com"]])("is 404 for an %s domain", async (_what, name) => {
    const res = await domainScansGet(req("/x"), params({ domain: name() }));
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: expect.any(String), code: "NOT_FOUND" });
  });
});

describe("GET /api/v1/scans/{id}", () => {
  it("returns the scan's metadata and the stored report as the spec's JSON", async () => {
    const domain = uniqueDomain("apiscan");
    const report = mailReport(domain);
    const { scanId } = await storeDoneScan(db, report);
    const res = await scanGet(req(`/api/v1/scans/${scanId}`), params({ id: scanId }));
    expect(res.status).toBe(200);
    const body = (await json(res)) as { scan: Record<string, unknown>; report: ScanReport };
    expect(Object.keys(body).sort()).toEqual(["report", "scan"]);
    expect(body.scan).toMatchObject({ id: scanId, domain, status: "done", grade: "C", score: 61, finishedAt: "2026-11-28T12:00:01.834Z" });
    expect(body.report).toEqual(JSON.parse(JSON.stringify(report)));
    expect(body.report.schemaVersion).toBe(1);
  });

  it("has a null report while queued", async () => {
    const domain = uniqueDomain("apiqueued");
    const domainId = await storeDomainOnly(db, domain);
    const scan = await db.scan.create({ data: { domainId } });
    const body = await json(await scanGet(req("/x"), params({ id: scan.id.toUpperCase() })));
    expect(body).toMatchObject({ scan: { id: scan.id, status: "queued" }, report: null });
  });

  it.each([["not-a-uuid"], ["00000000-0000-0000-0000-000000000000"], ["'; drop table scan; --"], [""]])("is 404, never 500, for %j", async (id) => {
    const res = await scanGet(req("/x"), params({ id }));
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "No such scan", code: "NOT_FOUND" });
  });
});

describe("GET /api/domains/{domain}/files/{file}", () => {
  it("serves a suggested file as a text/plain attachment", async () => {
    const domain = uniqueDomain("apifile");
    await storeDoneScan(db, mailReport(domain));
    const res = await fileGet(req("/x"), params({ domain, file: "mta-sts.txt" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="mta-sts.txt"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe(`version: STSv1\nmode: testing\nmx: mx1.${domain}\nmx: mx2.${domain}\nmax_age: 86400\n`);

    const zone = await fileGet(req("/x"), params({ domain, file: "tlsa.zone" }));
    expect(zone.headers.get("content-disposition")).toBe(`attachment; filename="${domain}-tlsa.zone"`);
    expect(await zone.text()).toContain(`_25._tcp.mx1.${domain}. IN TLSA 3 1 1 `);
  });

  it.each([
    ["an unknown file", (d: string) => ({ domain: d, file: "secrets.txt" })],
    ["an unknown domain", () => ({ domain: uniqueDomain("apifilenone"), file: "mta-sts.txt" })],
    ["a malformed domain", () => ({ domain: "..", file: "mta-sts.txt" })],
  ])("is 404 for %s", async (_what, p) => {
    const domain = uniqueDomain("apifile404");
    await storeDoneScan(db, mailReport(domain));
    const res = await fileGet(req("/x"), params(p(domain)));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-disposition")).toBeNull();
  });
});
