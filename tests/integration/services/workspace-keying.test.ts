/**
 * Every service is keyed by the caller's workspace (lib/services/access/scope.ts): with workspace
 * B's scope, workspace A's domain, scan, channel or rule is simply not found (404, never 403) and
 * nothing changes; a list shows only B's rows; a role without the permission gets 403 and nothing
 * changes. Each "not found" row has a control: the same object is found with its own scope, so a
 * row cannot pass because the call fails for some other reason.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../lib/services/access/roles";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { listApiDomains, listApiDomainScans, getApiScan } from "../../../lib/services/api/v1";
import { addDomains } from "../../../lib/services/domains/add-domains";
import { domainExists, getDomain } from "../../../lib/services/domains/get-domain";
import { listDomains } from "../../../lib/services/domains/list-domains";
import { getPortfolioStats } from "../../../lib/services/domains/portfolio-stats";
import { NotFoundError } from "../../../lib/services/errors";
import { compareScans } from "../../../lib/services/history/compare-scans";
import { getDomainHistory } from "../../../lib/services/history/get-history";
import {
  addAlertChannel,
  addAlertRule,
  getDomainSchedule,
  getWorkspaceSchedule,
  listAlertChannels,
  listEvents,
  removeAlertChannel,
  removeAlertRule,
  setDomainSchedule,
  setWorkspaceSchedule,
} from "../../../lib/services/monitoring/settings";
import { getFixPlan } from "../../../lib/services/policies/fix-plan";
import { getSuggestedFile } from "../../../lib/services/policies/suggested-file";
import { runWhatIf } from "../../../lib/services/policies/what-if";
import { domainReportPdf, pinnedScanReportPdf, reportPdfForScan } from "../../../lib/services/reports/pdf-report";
import { getDomainScan, getScan } from "../../../lib/services/scans/get-scan";
import { listQueue } from "../../../lib/services/scans/list-queue";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { queueScansForDomainIds, requestScans } from "../../../lib/services/scans/request-scans";
import { getTrends } from "../../../lib/services/trends/get-trends";
import { openTestDb } from "../../helpers/db";
import { roleScope } from "../../helpers/scope";
import { mailReport, nullMxReport, storeDoneScan } from "./fix-fixtures";

const db = openTestDb();
const run = randomBytes(4).toString("hex");

type Side = {
  scope: Scope;
  workspaceId: string;
  /** The domain with two finished scans (so it has history, a comparison and change events). */
  name: string;
  domainId: string;
  firstScanId: string;
  scanId: string;
  channelId: string;
  channelName: string;
  ruleId: string;
};

let A: Side;
let B: Side;
/** A third workspace for the audit log's entries, which nothing else writes to. */
let C: string | undefined;
/** A's second domain: the workspaces differ in size, so counts tell them apart. */
let nameA2: string;

async function makeSide(label: string, interval: "hourly" | "daily"): Promise<Side> {
  const slug = `keying-${label}-${run}`;
  const ws = await db.workspace.create({ data: { slug, name: `Keying ${label}` } });
  const scope = systemScope(ws.id);
  const name = `${label}-${run}.keying.example`;
  const first = await storeDoneScan(db, mailReport(name), name, ws.id);
  // A null MX after a mail-accepting scan: a different report, so change events are recorded.
  const second = await storeDoneScan(db, nullMxReport(name), name, ws.id);
  const channelName = `chan-${label}-${run}`;
  const channel = await addAlertChannel(scope, { kind: "email", name: channelName, target: `ops-${label}@example.net` }, db);
  const rule = await db.alertRule.findFirstOrThrow({ where: { channelId: channel.id }, select: { id: true } });
  await setWorkspaceSchedule(scope, { interval }, db);
  return { scope, workspaceId: ws.id, name, domainId: first.domainId, firstScanId: first.scanId, scanId: second.scanId, channelId: channel.id, channelName, ruleId: rule.id };
}

beforeAll(async () => {
  A = await makeSide("a", "hourly");
  B = await makeSide("b", "daily");
  nameA2 = `a2-${run}.keying.example`;
  await storeDoneScan(db, mailReport(nameA2), nameA2, A.workspaceId);
});

afterAll(async () => {
  const ids = [A?.workspaceId, B?.workspaceId, C].filter((id): id is string => id !== undefined);
  const domains = await db.domain.findMany({ where: { workspaceId: { in: ids } }, select: { id: true } });
  // Scans queued here must not be picked up by another test's worker.
  await db.$queryRaw`SELECT graphile_worker.remove_job(k)::text FROM unnest(${domains.map((d) => `scan:${d.id}`)}::text[]) AS k`;
  await db.workspace.deleteMany({ where: { id: { in: ids } } });
  await db.$disconnect();
});

/** Everything of both workspaces a write could change. */
async function snapshot(): Promise<unknown> {
  const workspaceId = { in: [A.workspaceId, B.workspaceId] };
  const [workspaces, domains, scans, channels, audit] = await Promise.all([
    db.workspace.findMany({ where: { id: workspaceId }, select: { id: true, scanIntervalSeconds: true }, orderBy: { id: "asc" } }),
    db.domain.findMany({ where: { workspaceId }, select: { id: true, workspaceId: true, name: true, scanIntervalSeconds: true, nextScanAt: true }, orderBy: { id: "asc" } }),
    db.scan.findMany({ where: { domain: { workspaceId } }, select: { id: true, domainId: true, status: true }, orderBy: { id: "asc" } }),
    db.alertChannel.findMany({ where: { workspaceId }, select: { id: true, name: true, rules: { select: { id: true }, orderBy: { id: "asc" } } }, orderBy: { id: "asc" } }),
    db.auditEntry.count({ where: { workspaceId } }),
  ]);
  const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ANY(${domains.map((d) => `scan:${d.id}`)}::text[])`;
  return { workspaces, domains, scans, channels, audit, jobs: Number(jobs[0]?.n ?? 0) };
}

/** `call` fails with `error` and leaves both workspaces exactly as they were. */
async function expectRefused(call: () => Promise<unknown>, error: typeof NotFoundError | typeof ForbiddenError): Promise<void> {
  const before = await snapshot();
  await expect(call()).rejects.toBeInstanceOf(error);
  expect(await snapshot()).toEqual(before);
}

const DRAFT = "version: STSv1\nmode: enforce\nmx: mx1.example\nmax_age: 604800\n";

describe("reads of another workspace's domain or scan", () => {
  // [what, the call with B's scope on A's object, the same call on an object the scope owns]
  const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    ["getDomain", () => getDomain(B.scope, A.name, db), () => getDomain(A.scope, A.name, db)],
    ["getScan", () => getScan(B.scope, A.scanId, db), () => getScan(A.scope, A.scanId, db)],
    ["getDomainScan (A's domain)", () => getDomainScan(B.scope, A.name, A.scanId, db), () => getDomainScan(A.scope, A.name, A.scanId, db)],
    ["getDomainScan (B's domain, A's scan)", () => getDomainScan(B.scope, B.name, A.scanId, db), () => getDomainScan(B.scope, B.name, B.scanId, db)],
    ["getDomainHistory", () => getDomainHistory(B.scope, A.name, {}, db), () => getDomainHistory(A.scope, A.name, {}, db)],
    ["compareScans (A's domain)", () => compareScans(B.scope, A.name, {}, db), () => compareScans(A.scope, A.name, {}, db)],
    [
      "compareScans (B's domain, A's scans)",
      () => compareScans(B.scope, B.name, { a: A.firstScanId, b: A.scanId }, db),
      () => compareScans(B.scope, B.name, { a: B.firstScanId, b: B.scanId }, db),
    ],
    ["getFixPlan", () => getFixPlan(B.scope, A.name, db), () => getFixPlan(A.scope, A.name, db)],
    ["getSuggestedFile", () => getSuggestedFile(B.scope, A.name, "records.zone", db), () => getSuggestedFile(A.scope, A.name, "records.zone", db)],
    ["runWhatIf", () => runWhatIf(B.scope, { domain: A.name, kind: "mta-sts", draft: DRAFT }, db), () => runWhatIf(A.scope, { domain: A.name, kind: "mta-sts", draft: DRAFT }, db)],
    ["domainReportPdf", () => domainReportPdf(B.scope, A.name, {}, db), () => domainReportPdf(A.scope, A.name, {}, db)],
    ["pinnedScanReportPdf", () => pinnedScanReportPdf(B.scope, B.name, A.scanId, {}, db), () => pinnedScanReportPdf(A.scope, A.name, A.scanId, {}, db)],
    ["reportPdfForScan", () => reportPdfForScan(B.scope, A.scanId, {}, db), () => reportPdfForScan(A.scope, A.scanId, {}, db)],
    ["listApiDomainScans", () => listApiDomainScans(B.scope, A.name, { page: 1, perPage: 50 }, db), () => listApiDomainScans(A.scope, A.name, { page: 1, perPage: 50 }, db)],
    ["getApiScan", () => getApiScan(B.scope, A.scanId, db), () => getApiScan(A.scope, A.scanId, db)],
    ["listEvents of one domain", () => listEvents(B.scope, { domain: A.name }, db), () => listEvents(A.scope, { domain: A.name }, db)],
    ["getDomainSchedule", () => getDomainSchedule(B.scope, A.name, db), () => getDomainSchedule(A.scope, A.name, db)],
  ];

  it.each(cases)("%s: not found across workspaces, found in its own", async (_what, cross, own) => {
    await expect(own()).resolves.toBeDefined();
    await expectRefused(cross, NotFoundError);
  });

  it("domainExists: false across workspaces, true in its own", async () => {
    expect(await domainExists(B.scope, A.name, db)).toBe(false);
    expect(await domainExists(A.scope, A.name, db)).toBe(true);
  });
});

describe("lists show only the caller's workspace", () => {
  // Each call's JSON with B's scope must not name A's domain (or channel); with A's scope it does.
  const cases: [string, (s: Scope) => Promise<unknown>, () => string][] = [
    ["listDomains", (s) => listDomains(s, undefined, {}, db), () => A.name],
    ["listApiDomains", (s) => listApiDomains(s, { page: 1, perPage: 500 }, db), () => A.name],
    ["listQueue", (s) => listQueue(s, {}, db), () => A.name],
    ["listEvents", (s) => listEvents(s, {}, db), () => A.name],
    ["listAlertChannels", (s) => listAlertChannels(s, db), () => A.channelName],
  ];

  it.each(cases)("%s", async (_what, call, marker) => {
    expect(JSON.stringify(await call(A.scope))).toContain(marker());
    const theirs = JSON.stringify(await call(B.scope));
    expect(theirs).not.toContain(marker());
    expect(theirs).not.toContain(A.scanId);
  });

  it("getPortfolioStats and getTrends count only the workspace's domains", async () => {
    expect((await getPortfolioStats(A.scope, {}, db)).domains).toBe(2);
    expect((await getPortfolioStats(B.scope, {}, db)).domains).toBe(1);
    const latest = async (s: Scope) => (await getTrends(s, {}, db)).points.filter((p) => !p.gap).at(-1)?.domains;
    expect(await latest(A.scope)).toBe(2);
    expect(await latest(B.scope)).toBe(1);
  });

  it("getWorkspaceSchedule reads the caller's workspace", async () => {
    expect(await getWorkspaceSchedule(A.scope, db)).toEqual({ seconds: 3_600 });
    expect(await getWorkspaceSchedule(B.scope, db)).toEqual({ seconds: 86_400 });
  });
});

describe("writes aimed at another workspace's objects", () => {
  const cases: [string, () => Promise<unknown>][] = [
    ["setDomainSchedule", () => setDomainSchedule(B.scope, { domain: A.name, interval: "weekly" }, db)],
    ["removeAlertChannel", () => removeAlertChannel(B.scope, A.channelId, db)],
    ["addAlertRule", () => addAlertRule(B.scope, { channelId: A.channelId, minSeverity: "low", mode: "digest" }, db)],
    ["removeAlertRule", () => removeAlertRule(B.scope, A.ruleId, db)],
  ];

  it.each(cases)("%s: not found, nothing changed", async (_what, call) => {
    await expectRefused(call, NotFoundError);
  });

  it("requestScans: A's name is not in B, nothing is queued", async () => {
    const before = await snapshot();
    expect(await requestScans(B.scope, [A.name], db)).toMatchObject({ queued: 0, notFound: [A.name], scans: {} });
    expect(await snapshot()).toEqual(before);
  });

  it("queueScansForDomainIds: A's domain id queues nothing", async () => {
    const before = await snapshot();
    expect((await queueScansForDomainIds(B.scope, [A.domainId], db)).size).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe("a role without the permission", () => {
  const viewer = () => roleScope(B.workspaceId, "viewer");
  const editor = () => roleScope(B.workspaceId, "editor");
  const cases: [string, () => Promise<unknown>][] = [
    ["viewer: requestScan", () => requestScan(viewer(), { domain: B.name }, db)],
    ["viewer: requestScan of a new domain", () => requestScan(viewer(), { domain: `new-${run}.keying.example` }, db)],
    ["viewer: requestScans", () => requestScans(viewer(), [B.name], db)],
    ["viewer: requestScans all", () => requestScans(viewer(), "all", db)],
    ["viewer: addDomains", () => addDomains(viewer(), `viewer-${run}.keying.example`, {}, db)],
    ["viewer: queueScansForDomainIds", () => queueScansForDomainIds(viewer(), [B.domainId], db)],
    ["viewer: setWorkspaceSchedule", () => setWorkspaceSchedule(viewer(), { interval: "weekly" }, db)],
    ["viewer: setDomainSchedule", () => setDomainSchedule(viewer(), { domain: B.name, interval: "weekly" }, db)],
    ["viewer: listAlertChannels (targets are credentials)", () => listAlertChannels(viewer(), db)],
    ["viewer: addAlertChannel", () => addAlertChannel(viewer(), { kind: "email", name: "x", target: "x@example.net" }, db)],
    ["viewer: removeAlertChannel", () => removeAlertChannel(viewer(), B.channelId, db)],
    ["viewer: addAlertRule", () => addAlertRule(viewer(), { channelId: B.channelId, minSeverity: "low", mode: "digest" }, db)],
    ["viewer: removeAlertRule", () => removeAlertRule(viewer(), B.ruleId, db)],
    ["editor: setWorkspaceSchedule", () => setWorkspaceSchedule(editor(), { interval: "weekly" }, db)],
    ["editor: addAlertChannel", () => addAlertChannel(editor(), { kind: "email", name: "x", target: "x@example.net" }, db)],
    ["editor: removeAlertChannel", () => removeAlertChannel(editor(), B.channelId, db)],
  ];

  it.each(cases)("%s: forbidden, nothing changed", async (_what, call) => {
    await expectRefused(call, ForbiddenError);
  });

  it("a viewer still reads its own workspace", async () => {
    expect((await getDomain(viewer(), B.name, db)).name).toBe(B.name);
    expect((await getScan(viewer(), B.scanId, db)).id).toBe(B.scanId);
  });
});

// Last: these add rows to B, which the counts above rely on.
describe("adding A's domain name in B", () => {
  it("requestScan creates B's own domain and leaves A's untouched", async () => {
    const aBefore = await db.scan.count({ where: { domainId: A.domainId } });
    const result = await requestScan(B.scope, { domain: nameA2 }, db);
    expect(result.domainId).not.toBe(A.domainId);
    expect(await db.domain.findUniqueOrThrow({ where: { id: result.domainId }, select: { workspaceId: true } })).toEqual({ workspaceId: B.workspaceId });
    expect(await db.scan.count({ where: { domainId: A.domainId } })).toBe(aBefore);
    expect(await db.auditEntry.findFirst({ where: { workspaceId: B.workspaceId, action: "domain.add", target: nameA2 } })).not.toBeNull();
    expect(await db.auditEntry.findFirst({ where: { workspaceId: A.workspaceId, target: nameA2, action: { in: ["domain.add", "domain.rescan"] } } })).toBeNull();
  });

  it("addDomains adds to B only", async () => {
    const aDomains = await db.domain.count({ where: { workspaceId: A.workspaceId } });
    const { counts } = await addDomains(B.scope, A.name, {}, db);
    expect(counts.added).toBe(1);
    expect(await db.domain.count({ where: { workspaceId: B.workspaceId, name: A.name } })).toBe(1);
    expect(await db.domain.count({ where: { workspaceId: A.workspaceId } })).toBe(aDomains);
    expect(await db.scan.count({ where: { domainId: A.domainId, status: { in: ["queued", "running"] } } })).toBe(0);
  });
});

describe("the audit log", () => {
  it("gets one entry per request, with the count for many domains", async () => {
    const slug = `keying-c-${run}`;
    C = (await db.workspace.create({ data: { slug, name: slug } })).id;
    const scope = roleScope(C, "editor");
    const names = ["one", "two", "three"].map((l) => `${l}-${run}.audit.example`);
    await db.domain.createMany({ data: names.map((name) => ({ workspaceId: C!, name })) });
    const entries = () => db.auditEntry.findMany({ where: { workspaceId: C }, orderBy: { id: "asc" }, select: { actor: true, action: true, target: true, detail: true } });

    expect(await requestScans(scope, names, db)).toMatchObject({ queued: 3 });
    // Asked again while the scans wait: nothing is queued, so nothing is logged.
    expect(await requestScans(scope, names, db)).toMatchObject({ queued: 0 });
    const added = await addDomains(scope, `four-${run}.audit.example\nfive-${run}.audit.example`, {}, db);
    expect(added.counts.added).toBe(2);
    await requestScan(scope, { domain: `six-${run}.audit.example` }, db);

    const actor = scope.actor.kind === "user" ? `user:${scope.actor.userId}` : "?";
    expect(await entries()).toEqual([
      { actor, action: "domain.rescan", target: "3 domains", detail: { count: 3 } },
      { actor, action: "domain.add", target: "2 domains", detail: { count: 2 } },
      { actor, action: "domain.add", target: `six-${run}.audit.example`, detail: null },
    ]);
  });
});
