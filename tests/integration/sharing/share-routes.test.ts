/**
 * The share link's edges: proxy.ts gives /s/* the headers that keep the token out of Referer
 * headers, caches and search indexes (and leaves other paths alone), and the shared PDF route
 * answers 404 for anything but a live link, as Next.js calls it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { proxy } from "../../../proxy";
import { shareBaseUrl, createShareLink, revokeShareLink } from "../../../lib/services/sharing/share-links";
import { systemScope } from "../../../lib/services/access/scope";
import { mailReport } from "../services/fix-fixtures";
import { openTestDb, uniqueDomain } from "../../helpers/db";

// The route reaches the database through getDb(): point it at the test database before it loads.
process.env.DATABASE_URL = inject("databaseUrl");

type Handler = (req: Request, ctx: { params: Promise<{ token: string }> }) => Promise<Response>;
let pdfGet: Handler;
const db = openTestDb();
let workspaceId: string;
let token: string;
let linkId: string;

beforeAll(async () => {
  pdfGet = (await import("../../../app/s/[token]/report.pdf/route")).GET;
  const ws = await db.workspace.create({ data: { slug: `share-routes-${randomBytes(4).toString("hex")}`, name: "Share routes" } });
  workspaceId = ws.id;
  const name = uniqueDomain("shared-pdf");
  const domain = await db.domain.create({ data: { workspaceId, name } });
  const report = mailReport(name);
  const startedAt = new Date(report.startedAt);
  await db.scan.create({ data: { domainId: domain.id, status: "done", startedAt, finishedAt: new Date(startedAt.getTime() + report.durationMs), report: report as object } });
  const link = await createShareLink(systemScope(workspaceId, { kind: "cli", name: "test" }), { domain: name }, db);
  token = link.token;
  linkId = link.id;
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

const params = (t: string) => ({ params: Promise.resolve({ token: t }) });

describe("proxy headers for /s/*", () => {
  const request = (path: string) => new NextRequest(`${shareBaseUrl()}${path}`, { headers: { host: new URL(shareBaseUrl()).host } });

  it("sends no-referrer, no-store and noindex on a share link and its PDF", () => {
    for (const path of ["/s/abc", `/s/${"A".repeat(43)}/report.pdf`]) {
      const res = proxy(request(path));
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-robots-tag")).toBe("noindex");
      // The other security headers stay.
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("leaves other paths, even ones starting with s, to the usual headers", () => {
    for (const path of ["/settings/share-links", "/scans", "/domains/s.example"]) {
      const res = proxy(request(path));
      expect(res.headers.get("x-robots-tag")).toBeNull();
      expect(res.headers.get("referrer-policy")).not.toBe("no-referrer");
    }
  });
});

describe("GET /s/[token]/report.pdf", () => {
  it("serves the shared report as a PDF download", async () => {
    const res = await pdfGet(new Request("http://localhost/"), params(token));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="shared-pdf-[0-9a-f]{8}\.example-\d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("answers 404 for an unknown or malformed token, and after revocation", async () => {
    for (const t of [randomBytes(32).toString("base64url"), "nope", randomUUID()]) {
      expect((await pdfGet(new Request("http://localhost/"), params(t))).status).toBe(404);
    }
    await revokeShareLink(systemScope(workspaceId), linkId, db);
    expect((await pdfGet(new Request("http://localhost/"), params(token))).status).toBe(404);
  });
});
