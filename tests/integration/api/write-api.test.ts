/**
 * The JSON API's write routes, called as Next.js calls them (the route modules' exported handlers
 * with a Request and its params) with real tokens of a workspace this file owns: add a domain
 * (201, then 200 with the same object), queue a scan (202), share (201 with an absolute URL),
 * list and revoke links, delete (204, then 404), bad bodies (400), and the OpenAPI document.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { systemScope, type Scope } from "@/lib/services/access/scope";
import { createApiToken } from "@/lib/services/api-tokens/tokens";
import { workspaceLimits } from "@/lib/services/quotas";
import { createWorkspace } from "@/lib/services/workspaces";
import { openTestDb } from "../../helpers/db";

process.env.DATABASE_URL = inject("databaseUrl");

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: Ctx<P>) => Promise<Response>;

const db = openTestDb();
let scope: Scope;
let otherScope: Scope;
let writeToken: string;
let readToken: string;
let otherToken: string;

let domains: { POST: (req: Request) => Promise<Response> };
let domain: { DELETE: Handler<{ domain: string }> };
let scans: { POST: Handler<{ domain: string }>; GET: Handler<{ domain: string }> };
let shareCreate: { POST: Handler<{ domain: string }> };
let shareList: { GET: (req: Request) => Promise<Response> };
let shareRevoke: { DELETE: Handler<{ id: string }> };
let openapi: { GET: () => Promise<Response> };

beforeAll(async () => {
  scope = systemScope((await createWorkspace(db, `write api ${randomBytes(4).toString("hex")}`)).id);
  otherScope = systemScope((await createWorkspace(db, `write api other ${randomBytes(4).toString("hex")}`)).id);
  writeToken = (await createApiToken(scope, { name: "writer", scope: "write" }, db)).token;
  readToken = (await createApiToken(scope, { name: "reader", scope: "read" }, db)).token;
  otherToken = (await createApiToken(otherScope, { name: "other", scope: "write" }, db)).token;
  domains = await import("../../../app/api/v1/domains/route");
  domain = await import("../../../app/api/v1/domains/[domain]/route");
  scans = await import("../../../app/api/v1/domains/[domain]/scans/route");
  shareCreate = await import("../../../app/api/v1/domains/[domain]/share-links/route");
  shareList = await import("../../../app/api/v1/share-links/route");
  shareRevoke = await import("../../../app/api/v1/share-links/[id]/route");
  openapi = await import("../../../app/api/v1/openapi.json/route");
});
afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: [scope.workspaceId, otherScope.workspaceId] } } });
  await db.$disconnect();
});

function call(method: string, path: string, token: string | null, body?: unknown): Request {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}) });
}
const params = <P>(p: P): Ctx<P> => ({ params: Promise.resolve(p) });
const name = (label: string) => `${label}-${randomBytes(4).toString("hex")}.example`;

async function addDomain(d: string, token = writeToken): Promise<Response> {
  return domains.POST(call("POST", "/api/v1/domains", token, { domain: d }));
}

describe("POST /api/v1/domains", () => {
  it("adds a domain (201) and answers 200 with the same object when it exists", async () => {
    const d = name("add");
    const first = await addDomain(d);
    expect(first.status).toBe(201);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const created = (await first.json()) as Record<string, unknown>;
    expect(created).toMatchObject({ name: d, grade: null, score: null, lastScan: null, criticalCount: 0, highCount: 0 });
    expect(Object.keys(created).sort()).toEqual(["createdAt", "criticalCount", "exposure", "grade", "highCount", "lastScan", "name", "notGraded", "score"]);
    // Its first scan is queued, in this workspace.
    const row = await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: d } }, include: { scans: true } });
    expect(row.scans.map((s) => s.status)).toEqual(["queued"]);

    // Upper case and a trailing dot name the same domain.
    const again = await addDomain(`${d.toUpperCase()}.`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(created);
    expect(await db.scan.count({ where: { domainId: row.id } })).toBe(1);
    const audit = await db.auditEntry.findMany({ where: { workspaceId: scope.workspaceId, action: "domain.add" } });
    expect(audit.some((a) => a.actor.startsWith("token:") && a.actorName === "writer")).toBe(true);
  });

  it.each([
    ["text that is not JSON", "{not json", "body"],
    ["a missing domain", {}, "domain"],
    ["a domain that is not a string", { domain: 42 }, "domain"],
    ["a URL instead of a domain", { domain: "https://example.com/x" }, "domain"],
    ["a JSON array", [], "body"],
  ])("answers %s with 400 VALIDATION naming the field", async (_what, body, field) => {
    const res = await domains.POST(call("POST", "/api/v1/domains", writeToken, body));
    expect(res.status).toBe(400);
    const json = (await res.json()) as { code: string; fields: Record<string, string> };
    expect(json.code).toBe("VALIDATION");
    expect(json.fields).toHaveProperty(field);
  });

  it("is 401 without a token and adds nothing", async () => {
    const d = name("anon");
    const res = await domains.POST(call("POST", "/api/v1/domains", null, { domain: d }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await db.domain.count({ where: { name: d } })).toBe(0);
  });
});

describe("POST /api/v1/domains/{domain}/scans", () => {
  it("answers 202 with the queued scan; an active scan is returned, not doubled", async () => {
    const d = name("scan");
    await addDomain(d);
    const queued = await db.scan.findFirstOrThrow({ where: { domain: { name: d, workspaceId: scope.workspaceId } } });
    const res = await scans.POST(call("POST", `/api/v1/domains/${d}/scans`, writeToken), params({ domain: d }));
    expect(res.status).toBe(202);
    const scan = (await res.json()) as Record<string, unknown>;
    expect(scan).toMatchObject({ id: queued.id, domain: d, status: "queued", finishedAt: null, attempts: 0 });

    // After that scan fails, a new one is queued.
    await db.scan.update({ where: { id: queued.id }, data: { status: "failed", finishedAt: new Date(Date.now() - 3_600_000), error: "test" } });
    const next = (await (await scans.POST(call("POST", `/api/v1/domains/${d}/scans`, writeToken), params({ domain: d }))).json()) as { id: string; status: string };
    expect(next.id).not.toBe(queued.id);
    expect(next.status).toBe("queued");
    const listed = (await (await scans.GET(call("GET", `/api/v1/domains/${d}/scans`, readToken), params({ domain: d }))).json()) as { data: { id: string }[] };
    expect(listed.data.map((s) => s.id)).toEqual([next.id, queued.id]);
  });

  it("is 404 for a domain the workspace does not have, and adds nothing", async () => {
    const d = name("unknown");
    const res = await scans.POST(call("POST", `/api/v1/domains/${d}/scans`, writeToken), params({ domain: d }));
    expect(res.status).toBe(404);
    expect(await db.domain.count({ where: { name: d } })).toBe(0);
  });

  it("is 403 with a read token", async () => {
    const d = name("scanro");
    await addDomain(d);
    const res = await scans.POST(call("POST", `/api/v1/domains/${d}/scans`, readToken), params({ domain: d }));
    expect(res.status).toBe(403);
  });
});

describe("over the workspace's scan quota", () => {
  it("answers 429 RATE_LIMITED with Retry-After and queues nothing", async () => {
    const quota = await createWorkspace(db, `write api quota ${randomBytes(4).toString("hex")}`);
    const token = (await createApiToken(systemScope(quota.id), { name: "busy", scope: "write" }, db)).token;
    try {
      const busy = await db.domain.create({ data: { workspaceId: quota.id, name: name("busy") } });
      const idle = await db.domain.create({ data: { workspaceId: quota.id, name: name("idle") } });
      // The minute's quota used up by scans a person or token asked for moments ago.
      const at = new Date(Date.now() - 5_000);
      await db.$executeRaw`
        INSERT INTO "Scan" (id, "domainId", status, trigger, "requestedAt", "finishedAt")
        SELECT gen_random_uuid(), ${busy.id}::uuid, 'done', 'user', ${at}, ${at} FROM generate_series(1, ${workspaceLimits().perMinute})`;
      const res = await scans.POST(call("POST", `/api/v1/domains/${idle.name}/scans`, token), params({ domain: idle.name }));
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await res.json()).toMatchObject({ code: "RATE_LIMITED", error: expect.stringMatching(/try again/) });
      expect(await db.scan.count({ where: { domainId: idle.id } })).toBe(0);
    } finally {
      await db.workspace.delete({ where: { id: quota.id } });
    }
  });
});

describe("share links", () => {
  it("creates a link (201, absolute URL), lists it without its secret, and revokes it (204)", async () => {
    const d = name("share");
    await addDomain(d);
    const res = await shareCreate.POST(call("POST", `/api/v1/domains/${d}/share-links`, writeToken, { expiresInDays: 7, label: "auditor" }), params({ domain: d }));
    expect(res.status).toBe(201);
    const link = (await res.json()) as { id: string; url: string; expiresAt: string; domain: string; label: string; scanId: string | null };
    expect(link).toMatchObject({ domain: d, label: "auditor", scanId: null });
    const url = new URL(link.url);
    expect(url.protocol).toMatch(/^https?:$/);
    expect(url.pathname).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const list = (await (await shareList.GET(call("GET", "/api/v1/share-links", readToken))).json()) as { data: Record<string, unknown>[] };
    const listed = list.data.find((l) => l.id === link.id);
    expect(listed).toMatchObject({ domain: d, label: "auditor", status: "active", openCount: 0 });
    expect(JSON.stringify(list)).not.toContain(url.pathname.slice(3));

    // Another workspace's token cannot see or revoke it.
    const foreign = (await (await shareList.GET(call("GET", "/api/v1/share-links", otherToken))).json()) as { data: { id: string }[] };
    expect(foreign.data.some((l) => l.id === link.id)).toBe(false);
    expect((await shareRevoke.DELETE(call("DELETE", `/api/v1/share-links/${link.id}`, otherToken), params({ id: link.id }))).status).toBe(404);
    expect((await shareRevoke.DELETE(call("DELETE", `/api/v1/share-links/${link.id}`, readToken), params({ id: link.id }))).status).toBe(403);

    const revoked = await shareRevoke.DELETE(call("DELETE", `/api/v1/share-links/${link.id}`, writeToken), params({ id: link.id }));
    expect(revoked.status).toBe(204);
    expect(await revoked.text()).toBe("");
    const after = (await (await shareList.GET(call("GET", "/api/v1/share-links", readToken))).json()) as { data: { id: string }[] };
    expect(after.data.some((l) => l.id === link.id)).toBe(false);
  });

  it.each([
    ["an expiry above the maximum", { expiresInDays: 366 }, "expiresInDays"],
    ["an expiry that is not a number", { expiresInDays: "7" }, "expiresInDays"],
    ["a label that is too long", { label: "x".repeat(101) }, "label"],
  ])("answers %s with 400", async (_what, body, field) => {
    const d = name("share400");
    await addDomain(d);
    const res = await shareCreate.POST(call("POST", `/api/v1/domains/${d}/share-links`, writeToken, body), params({ domain: d }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: Record<string, string> }).fields).toHaveProperty(field);
  });

  it("is 404 for a domain of another workspace and 403 with a read token", async () => {
    const d = name("sharefor");
    await addDomain(d, otherToken);
    expect((await shareCreate.POST(call("POST", `/api/v1/domains/${d}/share-links`, writeToken, {}), params({ domain: d }))).status).toBe(404);
    expect((await shareCreate.POST(call("POST", `/api/v1/domains/${d}/share-links`, readToken, {}), params({ domain: d }))).status).toBe(403);
  });
});

describe("DELETE /api/v1/domains/{domain}", () => {
  it("deletes the domain and its scans (204), then answers 404", async () => {
    const d = name("del");
    await addDomain(d);
    const row = await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: d } } });
    expect((await domain.DELETE(call("DELETE", `/api/v1/domains/${d}`, readToken), params({ domain: d }))).status).toBe(403);

    const res = await domain.DELETE(call("DELETE", `/api/v1/domains/${d}`, writeToken), params({ domain: d }));
    expect(res.status).toBe(204);
    expect(await db.domain.count({ where: { id: row.id } })).toBe(0);
    expect(await db.scan.count({ where: { domainId: row.id } })).toBe(0);

    const again = await domain.DELETE(call("DELETE", `/api/v1/domains/${d}`, writeToken), params({ domain: d }));
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("cannot delete another workspace's domain", async () => {
    const d = name("delforeign");
    await addDomain(d, otherToken);
    expect((await domain.DELETE(call("DELETE", `/api/v1/domains/${d}`, writeToken), params({ domain: d }))).status).toBe(404);
    expect(await db.domain.count({ where: { name: d, workspaceId: otherScope.workspaceId } })).toBe(1);
  });

  it("is 401 without a token", async () => {
    expect((await domain.DELETE(call("DELETE", "/api/v1/domains/example.com", null), params({ domain: "example.com" }))).status).toBe(401);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is public and describes every route with the bearer scheme", async () => {
    const res = await openapi.GET();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }) });
    expect(Object.keys(doc.paths).sort()).toEqual(["/domains", "/domains/{domain}", "/domains/{domain}/scans", "/domains/{domain}/share-links", "/openapi.json", "/scans/{id}", "/share-links", "/share-links/{id}"]);
    expect(Object.keys(doc.paths["/domains"]!).sort()).toEqual(["get", "post"]);
    // Generated from the zod schemas: the request body's constraints are the ones the route enforces.
    expect(doc.paths["/domains/{domain}/share-links"]!.post!.requestBody).toMatchObject({
      content: { "application/json": { schema: { properties: { expiresInDays: { type: "integer", minimum: 1, maximum: 365 }, label: { maxLength: 100 } } } } },
    });
    expect(doc.paths["/domains/{domain}/scans"]!.post!.responses).toHaveProperty("202");
    expect(doc.paths["/domains/{domain}/scans"]!.post!.responses).toHaveProperty("429");
    expect(doc.components.schemas).toHaveProperty("ScanReport");
    expect(doc.components.schemas.ApiDomain).toMatchObject({ required: expect.arrayContaining(["name", "grade", "lastScan"]) });
  });
});
