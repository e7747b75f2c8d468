/**
 * Paths that name nothing answer a clean 404 — never a 500 (issue 13 item 11): malformed
 * percent-escapes (`%ff%fe`), a NUL (`%00`, which PostgreSQL rejects in text), and a pinned scan
 * id the domain does not have. The JSON API routes are called as Next.js calls them; the page
 * layouts that guard the domain and pinned-scan pages (above their loading views, so the status
 * is decided before streaming) are awaited directly and must throw Next's not-found signal.
 * tests/e2e/report-truth.spec.ts checks the same over HTTP.
 */
import type { ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { createApiToken } from "../../../lib/services/api-tokens/tokens";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { mailReport, storeDoneScan } from "../services/fix-fixtures";

process.env.DATABASE_URL = inject("databaseUrl");

// The layouts ask who is looking (app/_auth/viewer.ts, a browser session); here it is a member of
// the default workspace, where the fixtures store their scans.
const viewer = vi.hoisted(() => ({ scope: undefined as Scope | undefined }));
vi.mock("@/app/_auth/viewer", () => ({ requireViewer: async () => ({ scope: viewer.scope! }) }));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
type Layout<P> = (props: { children: ReactNode; params: Promise<P> }) => Promise<ReactNode>;
let domainScansGet: Handler<{ domain: string }>;
let scanGet: Handler<{ id: string }>;
let domainLayout: Layout<{ domain: string }>;
let pinnedLayout: Layout<{ domain: string; scanId: string }>;

const db = openTestDb();
let domain: string;
let scanId: string;
let token: { id: string; token: string };

beforeAll(async () => {
  viewer.scope = systemScope((await getDefaultWorkspace(db)).id);
  token = await createApiToken(viewer.scope, { name: "malformed paths test", scope: "read" }, db);
  domainScansGet = (await import("../../../app/api/v1/domains/[domain]/scans/route")).GET;
  scanGet = (await import("../../../app/api/v1/scans/[id]/route")).GET;
  domainLayout = (await import("../../../app/(app)/domains/[domain]/layout")).default as Layout<{ domain: string }>;
  pinnedLayout = (await import("../../../app/(app)/domains/[domain]/scans/[scanId]/layout")).default as Layout<{ domain: string; scanId: string }>;
  domain = uniqueDomain("malformed");
  scanId = (await storeDoneScan(db, mailReport(domain))).scanId;
});
afterAll(async () => {
  await db.apiToken.delete({ where: { id: token.id } });
  await db.$disconnect();
});

const req = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token.token}` } });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
/** What Next passes when it cannot decode the segment itself. */
const badParams = () => ({ params: Promise.reject(new URIError("URI malformed")) });

/** Next's notFound() throws an error whose digest marks a 404 fallback. */
async function expectNotFound(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected notFound()").not.toBeNull();
  expect(String((err as { digest?: unknown }).digest)).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
}

describe("JSON API: malformed path segments are 404, never 500", () => {
  it.each([["%ff%fe"], ["%00"], ["\u0000"], ["%"], ["%E0%A4%A"]])("GET /api/v1/domains/%s/scans", async (segment) => {
    const res = await domainScansGet(req("/x"), params({ domain: segment }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a params promise that fails to decode is 404", async () => {
    const res = await domainScansGet(req("/x"), badParams());
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
    expect((await scanGet(req("/x"), badParams())).status).toBe(404);
  });

  it("GET /api/v1/scans/%00 is 404", async () => {
    expect((await scanGet(req("/x"), params({ id: "%00" }))).status).toBe(404);
  });
});

describe("domain pages: the layout answers 404 before streaming", () => {
  it.each([["%00"], ["\u0000"], ["%ff%fe"], ["a%2Fb.example"], ["never-added-domain.example"]])("/domains/%s", async (segment) => {
    await expectNotFound(domainLayout({ children: null, params: Promise.resolve({ domain: segment }) }));
  });

  it("undecodable params are 404", async () => {
    await expectNotFound(domainLayout({ children: null, params: Promise.reject(new URIError("URI malformed")) }));
  });

  it("a stored domain renders its children", async () => {
    await expect(domainLayout({ children: "page", params: Promise.resolve({ domain }) })).resolves.toBe("page");
    await expect(domainLayout({ children: "page", params: Promise.resolve({ domain: domain.toUpperCase() }) })).resolves.toBe("page");
  });
});

describe("pinned scan pages: an unknown scan id is 404", () => {
  it.each([["00000000-0000-4000-8000-000000000000"], ["not-a-uuid"], ["%00"]])("/domains/<domain>/scans/%s", async (id) => {
    await expectNotFound(pinnedLayout({ children: null, params: Promise.resolve({ domain, scanId: id }) }));
  });

  it("a scan of another domain is 404 here", async () => {
    const other = await storeDoneScan(db, mailReport(uniqueDomain("malformed-other")));
    await expectNotFound(pinnedLayout({ children: null, params: Promise.resolve({ domain, scanId: other.scanId }) }));
  });

  it("the domain's own scan renders", async () => {
    await expect(pinnedLayout({ children: "scan", params: Promise.resolve({ domain, scanId }) })).resolves.toBe("scan");
  });
});
