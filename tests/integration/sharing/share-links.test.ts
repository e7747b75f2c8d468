/**
 * Read-only share links against the real database: only the token's hash is stored, a link opens
 * until it is revoked or expires, a pinned link keeps its scan while a live one follows the newest,
 * and another workspace (or a viewer) can neither see nor change a link.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../lib/services/access/roles";
import { hashToken } from "../../../lib/services/access/secrets";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { createShareLink, listShareLinks, openShareLink, revokeShareLink, sharedReportPdf, shareBaseUrl } from "../../../lib/services/sharing/share-links";
import type { ScanReport } from "../../../lib/scan/types";
import { openTestDb, uniqueDomain } from "../../helpers/db";

const db = openTestDb();
const DAY = 86_400_000;

type Ws = { id: string; editor: Scope; viewer: Scope; userId: string };
let a: Ws;
let b: Ws;

async function makeWorkspace(tag: string): Promise<Ws> {
  const suffix = randomBytes(4).toString("hex");
  const ws = await db.workspace.create({ data: { slug: `share-${tag}-${suffix}`, name: `Share ${tag} ${suffix}` } });
  const user = await db.user.create({ data: { id: randomUUID(), name: `Consultant ${tag}`, email: `share-${tag}-${suffix}@example.test` } });
  return {
    id: ws.id,
    userId: user.id,
    editor: { workspaceId: ws.id, role: "editor", actor: { kind: "user", userId: user.id, name: user.name } },
    viewer: { workspaceId: ws.id, role: "viewer", actor: { kind: "user", userId: randomUUID(), name: "Viewer" } },
  };
}

function reportFor(domain: string, startedAt: Date, grade: ScanReport["grade"]): ScanReport {
  return {
    schemaVersion: 1,
    domain,
    startedAt: startedAt.toISOString(),
    durationMs: 900,
    grade,
    score: grade === "A" ? 95 : 70,
    scannerVersion: "0.2.0",
    rulesetVersion: 1,
    mx: [],
    checks: { mtaSts: { status: "missing" }, tlsRpt: { status: "pass" }, starttls: { status: "pass" }, dane: { status: "missing" }, dmarc: { status: "pass" }, spf: { status: "pass" } },
    findings: [],
  };
}

async function addDomain(ws: Ws, label = "share"): Promise<{ id: string; name: string }> {
  return db.domain.create({ data: { workspaceId: ws.id, name: uniqueDomain(label) }, select: { id: true, name: true } });
}

/** A finished scan `daysAgo` days old with grade `grade`, stored as the worker stores it. */
async function addScan(domain: { id: string; name: string }, daysAgo: number, grade: ScanReport["grade"]): Promise<string> {
  const startedAt = new Date(Date.now() - daysAgo * DAY);
  const report = reportFor(domain.name, startedAt, grade);
  const scan = await db.scan.create({
    data: { domainId: domain.id, status: "done", requestedAt: startedAt, startedAt, finishedAt: new Date(startedAt.getTime() + 900), durationMs: 900, grade, score: report.score, report: report as object },
  });
  return scan.id;
}

beforeAll(async () => {
  a = await makeWorkspace("a");
  b = await makeWorkspace("b");
});

afterAll(async () => {
  // Domains, scans, links and audit entries go with their workspace (onDelete: Cascade).
  await db.workspace.deleteMany({ where: { id: { in: [a.id, b.id] } } });
  await db.user.deleteMany({ where: { id: { in: [a.userId, b.userId] } } });
  await db.$disconnect();
});

describe("createShareLink", () => {
  it("stores only the token's SHA-256 and returns a 256-bit token in an absolute URL", async () => {
    const domain = await addDomain(a);
    await addScan(domain, 1, "B");
    const link = await createShareLink(a.editor, { domain: domain.name, label: "  For ACME  " }, db);

    expect(Buffer.from(link.token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(link.token, "base64url").length).toBe(32);
    expect(link.url).toBe(`${shareBaseUrl()}/s/${link.token}`);
    expect(link).toMatchObject({ domain: domain.name, scanId: null, label: "For ACME" });
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBeGreaterThan(30 * DAY - 60_000);
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBeLessThan(30 * DAY + 60_000);

    const row = await db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).toBe(hashToken(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    expect(row.createdById).toBe(a.userId);

    const audit = await db.auditEntry.findFirst({ where: { workspaceId: a.id, action: "share.create", target: domain.name } });
    expect(audit?.actor).toBe(`user:${a.userId}`);
    expect(JSON.stringify(audit?.detail)).not.toContain(link.token);
  });

  it("refuses a viewer with ForbiddenError and creates nothing", async () => {
    const domain = await addDomain(a);
    await expect(createShareLink(a.viewer, { domain: domain.name }, db)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.shareLink.count({ where: { domainId: domain.id } })).toBe(0);
  });

  it("does not find another workspace's domain or scan, a scan of another domain, or an unfinished scan", async () => {
    const mine = await addDomain(a);
    const theirs = await addDomain(b);
    const theirScan = await addScan(theirs, 1, "A");
    const otherOfMine = await addDomain(a);
    const otherScan = await addScan(otherOfMine, 1, "A");
    const queued = await db.scan.create({ data: { domainId: mine.id, status: "queued" } });

    await expect(createShareLink(a.editor, { domain: theirs.name }, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createShareLink(a.editor, { domain: "not a domain!" }, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createShareLink(a.editor, { domain: mine.name, scanId: theirScan }, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createShareLink(a.editor, { domain: mine.name, scanId: otherScan }, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createShareLink(a.editor, { domain: mine.name, scanId: queued.id }, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createShareLink(a.editor, { domain: mine.name, scanId: "not-a-uuid" }, db)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.shareLink.count({ where: { domainId: mine.id } })).toBe(0);
  });

  it("validates expiry (whole days, 1..365) and the label (at most 100 characters)", async () => {
    const domain = await addDomain(a);
    for (const expiresInDays of [0, 366, 1.5, -3, Number.NaN]) {
      const err = await createShareLink(a.editor, { domain: domain.name, expiresInDays }, db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors?.expiresInDays).toMatch(/1 to 365/);
    }
    await expect(createShareLink(a.editor, { domain: domain.name, label: "x".repeat(101) }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(createShareLink(a.editor, { domain: domain.name, label: "two\nlines" }, db)).rejects.toBeInstanceOf(ValidationError);
    expect(await db.shareLink.count({ where: { domainId: domain.id } })).toBe(0);

    const year = await createShareLink(a.editor, { domain: domain.name, expiresInDays: 365, label: "   " }, db);
    expect(year.label).toBeNull();
    expect(Math.round((year.expiresAt.getTime() - year.createdAt.getTime()) / DAY)).toBe(365);
    const longest = await createShareLink(a.editor, { domain: domain.name, label: "y".repeat(100) }, db);
    expect(longest.label).toHaveLength(100);
  });
});

describe("openShareLink", () => {
  it("opens a live link on the newest finished scan and counts the open", async () => {
    const domain = await addDomain(a);
    await addScan(domain, 3, "C");
    const link = await createShareLink(a.editor, { domain: domain.name, label: "Audit" }, db);
    const newer = await addScan(domain, 1, "A");

    const shared = await openShareLink(link.token, db);
    expect(shared).toMatchObject({ domain: domain.name, label: "Audit", pinned: false, scanId: newer, unavailable: null });
    expect(shared?.report?.grade).toBe("A");
    expect(shared?.expiresAt.getTime()).toBe(link.expiresAt.getTime());
    // The Fix tab's advice comes with it: TLS-RPT passes in this report, MTA-STS has no suggestion.
    expect(shared?.fix?.steps.map((s) => [s.key, s.state])).toEqual(expect.arrayContaining([["tls-rpt", "in-place"], ["mta-sts", "unavailable"]]));

    await openShareLink(link.token, db);
    const row = await db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.openCount).toBe(2);
    expect(row.lastOpenedAt).not.toBeNull();
  });

  it("keeps showing the pinned scan after a newer scan", async () => {
    const domain = await addDomain(a);
    const pinnedScan = await addScan(domain, 2, "C");
    const link = await createShareLink(a.editor, { domain: domain.name, scanId: pinnedScan }, db);
    await addScan(domain, 0, "A");

    const shared = await openShareLink(link.token, db);
    expect(shared).toMatchObject({ pinned: true, scanId: pinnedScan });
    expect(shared?.report?.grade).toBe("C");
  });

  it("says so when a live link's domain has no finished scan yet", async () => {
    const domain = await addDomain(a);
    const link = await createShareLink(a.editor, { domain: domain.name }, db);
    const shared = await openShareLink(link.token, db);
    expect(shared).toMatchObject({ report: null, scanId: null, fix: null });
    expect(shared?.unavailable).toMatch(/not been scanned/);
  });

  it("returns null after revocation, and revoking twice changes nothing", async () => {
    const domain = await addDomain(a);
    await addScan(domain, 1, "B");
    const link = await createShareLink(a.editor, { domain: domain.name }, db);
    expect(await openShareLink(link.token, db)).not.toBeNull();

    await revokeShareLink(a.editor, link.id, db);
    expect(await openShareLink(link.token, db)).toBeNull();
    const revokedAt = (await db.shareLink.findUniqueOrThrow({ where: { id: link.id } })).revokedAt;
    expect(revokedAt).not.toBeNull();

    await revokeShareLink(a.editor, link.id, db);
    const again = await db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(again.revokedAt?.getTime()).toBe(revokedAt!.getTime());
    expect(again.openCount).toBe(1);
    expect(await db.auditEntry.count({ where: { workspaceId: a.id, action: "share.revoke", target: domain.name } })).toBe(1);
  });

  it("returns null for an expired link", async () => {
    const domain = await addDomain(a);
    await addScan(domain, 1, "B");
    const link = await createShareLink(a.editor, { domain: domain.name, expiresInDays: 1 }, db);
    // Expiry is checked against the clock of the open, to the millisecond.
    expect(await openShareLink(link.token, db, { now: new Date(link.expiresAt.getTime() - 1) })).not.toBeNull();
    expect(await openShareLink(link.token, db, { now: link.expiresAt })).toBeNull();

    await db.shareLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await openShareLink(link.token, db)).toBeNull();
  });

  it("returns null for malformed and unknown tokens", async () => {
    for (const token of ["", "x", "../etc/passwd", "A".repeat(43) + "'", randomBytes(32).toString("base64url"), `mp_${randomBytes(32).toString("base64url")}`]) {
      expect(await openShareLink(token, db)).toBeNull();
    }
  });

  it("renders the shared report as a PDF without counting an open; a revoked link has none", async () => {
    const domain = await addDomain(a);
    const scanId = await addScan(domain, 1, "B");
    const link = await createShareLink(a.editor, { domain: domain.name }, db);
    const pdf = await sharedReportPdf(link.token, db);
    expect(pdf?.scanId).toBe(scanId);
    expect(pdf?.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf?.fileName).toMatch(new RegExp(`^${domain.name.replace(/\./g, "\\.")}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    expect((await db.shareLink.findUniqueOrThrow({ where: { id: link.id } })).openCount).toBe(0);
    await revokeShareLink(a.editor, link.id, db);
    expect(await sharedReportPdf(link.token, db)).toBeNull();
  });
});

describe("listShareLinks and revokeShareLink across workspaces and roles", () => {
  it("lists active links newest first, never the token, with who made them", async () => {
    const domain = await addDomain(a);
    const scanId = await addScan(domain, 1, "B");
    const first = await createShareLink(a.editor, { domain: domain.name, label: "first" }, db);
    const second = await createShareLink(a.editor, { domain: domain.name, scanId, label: "second" }, db);

    const list = await listShareLinks(a.viewer, {}, db);
    const ids = list.map((l) => l.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    const pinned = list.find((l) => l.id === second.id)!;
    expect(pinned).toMatchObject({ domain: domain.name, scanId, label: "second", status: "active", openCount: 0, lastOpenedAt: null, createdByName: "Consultant a" });
    expect(pinned.scanFinishedAt).toBeInstanceOf(Date);
    expect(list.find((l) => l.id === first.id)?.scanFinishedAt).toBeNull();
    expect(JSON.stringify(list)).not.toContain(first.token);
    expect(JSON.stringify(list)).not.toContain(hashToken(first.token));
  });

  it("leaves revoked and expired links out unless asked, then marks their status", async () => {
    const domain = await addDomain(a);
    const revoked = await createShareLink(a.editor, { domain: domain.name }, db);
    const expired = await createShareLink(a.editor, { domain: domain.name }, db);
    await revokeShareLink(a.editor, revoked.id, db);
    await db.shareLink.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const active = (await listShareLinks(a.editor, {}, db)).map((l) => l.id);
    expect(active).not.toContain(revoked.id);
    expect(active).not.toContain(expired.id);
    const all = await listShareLinks(a.editor, { includeInactive: true }, db);
    expect(all.find((l) => l.id === revoked.id)?.status).toBe("revoked");
    expect(all.find((l) => l.id === expired.id)?.status).toBe("expired");
  });

  it("does not let another workspace list or revoke a link (NotFoundError), nor a viewer revoke one", async () => {
    const domain = await addDomain(a);
    await addScan(domain, 1, "B");
    const link = await createShareLink(a.editor, { domain: domain.name }, db);

    const seenByB = await listShareLinks(b.editor, { includeInactive: true }, db);
    expect(seenByB.map((l) => l.id)).not.toContain(link.id);
    expect(seenByB.every((l) => l.domain !== domain.name)).toBe(true);

    await expect(revokeShareLink(b.editor, link.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeShareLink(systemScope(b.id), link.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeShareLink(a.viewer, link.id, db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeShareLink(a.editor, "not-a-uuid", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeShareLink(a.editor, randomUUID(), db)).rejects.toBeInstanceOf(NotFoundError);
    // Still open: none of the refused revocations touched it.
    expect(await openShareLink(link.token, db)).not.toBeNull();
  });
});
