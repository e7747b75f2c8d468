/**
 * The HTTPS TLS-RPT receiver (RFC 8460 §5) as Next.js calls it: `POST /r/tlsrpt/<token>` with the
 * body as a stream. 201 and one stored file for a report, 404 for an unknown token, 415 for another
 * media type, 413 as soon as the cap is crossed (the rest of the stream is never pulled), 408 for a
 * body that stops arriving.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { receiveTlsRptPost } from "../../../lib/services/ingest/http-receiver";
import { createIngestToken, workspaceForIngestToken } from "../../../lib/services/ingest/token";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { roleScope } from "../../helpers/scope";
import { tlsRptGzip, tlsRptJson } from "./fixtures";

// The route reaches the database through getDb(): point it at the test database before it loads.
process.env.DATABASE_URL = inject("databaseUrl");

type Handler = (req: Request, ctx: { params: Promise<{ token: string }> }) => Promise<Response>;
let post: Handler;
const db = openTestDb();
let scope: Scope;
let token: string;
let domain: string;
const MB = 1024 * 1024;

/** A body that yields `chunks` chunks of `size` bytes (or forever), counting what was pulled and whether it was cancelled. */
function countingBody(size: number, chunks = Infinity) {
  const stats = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        stats.pulls++;
        if (stats.pulls > chunks) controller.close();
        else controller.enqueue(new Uint8Array(size));
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

/** A body that sends its first bytes, then nothing more: a slow-drip sender. */
function stalledBody(first: Uint8Array) {
  const stats = { cancelled: false };
  let sent = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(first);
          return;
        }
        return new Promise<void>(() => {});
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

function request(t: string, body: BodyInit | ReadableStream<Uint8Array> | null, headers: Record<string, string>): [Request, { params: Promise<{ token: string }> }] {
  const init: RequestInit & { duplex?: "half" } = { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) };
  return [new Request(`http://localhost:3000/r/tlsrpt/${t}`, init), { params: Promise.resolve({ token: t }) }];
}

beforeAll(async () => {
  post = (await import("../../../app/r/tlsrpt/[token]/route")).POST;
  const ws = await db.workspace.create({ data: { slug: `receiver-${randomBytes(4).toString("hex")}`, name: "Receiver" } });
  scope = systemScope(ws.id);
  domain = uniqueDomain("rcv");
  await db.domain.create({ data: { workspaceId: ws.id, name: domain } });
  token = (await createIngestToken(scope, db, "https://reports.example.test")).token;
});

afterAll(async () => {
  const raws = await db.rawReport.findMany({ where: { workspaceId: scope.workspaceId }, select: { id: true } });
  for (const r of raws) await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${r.id}`})`;
  await db.workspace.delete({ where: { id: scope.workspaceId } });
  await db.$disconnect();
});

describe("createIngestToken", () => {
  it("returns the token once, with the rua value and TXT record to publish, and stores only its hash", async () => {
    const made = await createIngestToken(scope, db, "https://reports.example.test/");
    expect(made.token).toMatch(/^rpt_[A-Za-z0-9_-]{43}$/);
    expect(made.url).toBe(`https://reports.example.test/r/tlsrpt/${made.token}`);
    expect(made.rua).toBe(`rua=${made.url}`);
    expect(made.txt).toBe(`v=TLSRPTv1; rua=${made.url}`);
    const settings = await db.ingestSettings.findUniqueOrThrow({ where: { workspaceId: scope.workspaceId } });
    expect(settings.tokenHash).not.toContain(made.token);
    expect(await workspaceForIngestToken(made.token, db)).toBe(scope.workspaceId);
    // The previous token stopped working: rotation is revocation.
    expect(await workspaceForIngestToken(token, db)).toBeNull();
    token = made.token;
  });

  it("needs the manage permission", async () => {
    await expect(createIngestToken(roleScope(scope.workspaceId, "editor"), db)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("POST /r/tlsrpt/<token>", () => {
  it("answers 201 for a gzip and a JSON report, storing each file once and queueing it", async () => {
    const gz = tlsRptGzip({ domain, reportId: "route-gz" });
    const first = await post(...request(token, new Uint8Array(gz), { "content-type": "application/tlsrpt+gzip" }));
    expect(first.status).toBe(201);
    const again = await post(...request(token, new Uint8Array(gz), { "content-type": "application/tlsrpt+gzip" }));
    expect(again.status).toBe(201);
    const json = await post(...request(token, tlsRptJson({ domain, reportId: "route-json" }), { "content-type": "application/tlsrpt+json; charset=utf-8" }));
    expect(json.status).toBe(201);
    const raws = await db.rawReport.findMany({ where: { workspaceId: scope.workspaceId }, select: { id: true, channel: true, contentType: true, status: true } });
    expect(raws.map((r) => r.contentType).sort()).toEqual(["application/tlsrpt+gzip", "application/tlsrpt+json"]);
    expect(raws.every((r) => r.channel === "https" && r.status === "pending")).toBe(true);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ANY(${raws.map((r) => `ingest:${r.id}`)})`;
    expect(Number(jobs[0]?.n)).toBe(2);
  });

  it("answers 404 for an unknown or malformed token, storing nothing", async () => {
    const before = await db.rawReport.count({ where: { workspaceId: scope.workspaceId } });
    for (const t of [`rpt_${"A".repeat(43)}`, "junk"]) {
      const res = await post(...request(t, tlsRptJson({ domain, reportId: "nope" }), { "content-type": "application/tlsrpt+json" }));
      expect(res.status).toBe(404);
    }
    expect(await db.rawReport.count({ where: { workspaceId: scope.workspaceId } })).toBe(before);
  });

  it("answers 415 for a media type other than RFC 8460's two", async () => {
    for (const type of ["application/json", "text/plain", ""]) {
      const res = await post(...request(token, tlsRptJson({ domain, reportId: "type" }), type ? { "content-type": type } : {}));
      expect(res.status).toBe(415);
    }
  });

  it("answers 413 once the body crosses 15 MB, without pulling the rest of the stream", async () => {
    const { stream, stats } = countingBody(MB);
    const res = await post(...request(token, stream, { "content-type": "application/tlsrpt+gzip" }));
    expect(res.status).toBe(413);
    // 16 chunks of 1 MB cross the cap; the endless stream was not read further, and was cancelled.
    expect(stats.pulls).toBeLessThanOrEqual(17);
    expect(stats.pulls).toBeGreaterThanOrEqual(16);
    expect(stats.cancelled).toBe(true);
  });

  it("answers 413 from a declared Content-Length over the cap before reading the body", async () => {
    const { stream, stats } = countingBody(MB, 1);
    const res = await post(...request(token, stream, { "content-type": "application/tlsrpt+gzip", "content-length": String(16 * MB) }));
    expect(res.status).toBe(413);
    expect(stats.pulls).toBe(0);
  });

  it("answers 408 when the body stops arriving before the deadline", async () => {
    const { stream, stats } = stalledBody(new Uint8Array(tlsRptGzip({ domain, reportId: "slow" }).subarray(0, 10)));
    const [req] = request(token, stream, { "content-type": "application/tlsrpt+gzip" });
    const result = await receiveTlsRptPost(token, req, { timeoutMs: 300 }, db);
    expect(result.status).toBe(408);
    expect(stats.cancelled).toBe(true);
    expect(await db.rawReport.count({ where: { workspaceId: scope.workspaceId, bytes: { equals: new Uint8Array(tlsRptGzip({ domain, reportId: "slow" }).subarray(0, 10)) } } })).toBe(0);
  });
});
