/**
 * The dashboard's own JSON routes (the queue monitor, a scan's progress, the suggested files) answer
 * only a signed-in member, for their workspace: signed out is 401 JSON, another workspace's scan is
 * 404. The session is stood in for by a mocked app/_auth/viewer (no browser here).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { UnauthenticatedError } from "../../../lib/services/access/roles";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { mailReport, storeDoneScan } from "../services/fix-fixtures";

process.env.DATABASE_URL = inject("databaseUrl");

const viewer = vi.hoisted(() => ({ scope: undefined as Scope | undefined }));
vi.mock("@/app/_auth/viewer", () => ({
  actionScope: async () => {
    if (!viewer.scope) throw new UnauthenticatedError();
    return viewer.scope;
  },
}));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
let queueGet: () => Promise<Response>;
let scanGet: Handler<{ id: string }>;
let fileGet: Handler<{ domain: string; file: string }>;

const db = openTestDb();
let mine: Scope;
let stranger: Scope;
let domain: string;
let scanId: string;

beforeAll(async () => {
  queueGet = (await import("../../../app/api/scans/route")).GET;
  scanGet = (await import("../../../app/api/scans/[id]/route")).GET;
  fileGet = (await import("../../../app/api/domains/[domain]/files/[file]/route")).GET;
  mine = await defaultScope(db);
  const slug = `internal-${randomBytes(4).toString("hex")}`;
  stranger = systemScope((await db.workspace.create({ data: { slug, name: slug } })).id);
  domain = uniqueDomain("internal");
  scanId = (await storeDoneScan(db, mailReport(domain))).scanId;
});
afterAll(async () => {
  await db.workspace.delete({ where: { id: stranger.workspaceId } });
  await db.$disconnect();
});

const req = (path: string) => new Request(`http://localhost${path}`);
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

describe("internal JSON routes", () => {
  it("answer 401 JSON to a visitor who is not signed in", async () => {
    viewer.scope = undefined;
    for (const res of [await queueGet(), await scanGet(req(`/api/scans/${scanId}`), params({ id: scanId }))]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect((await fileGet(req(`/api/domains/${domain}/files/records.zone`), params({ domain, file: "records.zone" }))).status).toBe(401);
  });

  it("serve a member's own scan and file, and 404 another workspace's", async () => {
    viewer.scope = mine;
    const own = await scanGet(req(`/api/scans/${scanId}`), params({ id: scanId }));
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ id: scanId, domain, status: "done" });
    expect((await fileGet(req(`/api/domains/${domain}/files/records.zone`), params({ domain, file: "records.zone" }))).status).toBe(200);

    viewer.scope = stranger;
    expect((await scanGet(req(`/api/scans/${scanId}`), params({ id: scanId }))).status).toBe(404);
    expect((await fileGet(req(`/api/domains/${domain}/files/records.zone`), params({ domain, file: "records.zone" }))).status).toBe(404);
    const queue = await queueGet();
    expect(queue.status).toBe(200);
    expect(JSON.stringify(await queue.json())).not.toContain(domain);
  });
});
