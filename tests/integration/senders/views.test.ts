/**
 * The sender views over stored reports (lib/services/senders/views.ts): the 30-day summary, the
 * senders page with its DMARC sources and reverse names (looked up in the background, cached in
 * ReverseDns), the readiness verdict and the fix plan's DMARC step that uses it; all keyed by
 * workspace. Rows are seeded as the ingest job stores them.
 */
import { createHash, randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../../lib/services/errors";
import { getFixPlan } from "../../../lib/services/policies/fix-plan";
import { refreshReverseNames } from "../../../lib/services/senders/reverse-dns";
import { getDmarcReadiness, getSenderReportsCsv, getSenderSummary, getSendersPage } from "../../../lib/services/senders/views";
import { createWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope, roleScope } from "../../helpers/scope";
import { mailReport, storeDoneScan } from "../services/fix-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
const addresses: string[] = [];
afterAll(async () => {
  await db.reverseDns.deleteMany({ where: { address: { in: addresses } } });
  await db.$disconnect();
});

const DAY = 86_400_000;
const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
const dayAgo = (n: number) => new Date(today.getTime() - n * DAY);

async function report(domainId: string, kind: "tlsrpt" | "dmarc", org: string, start: Date) {
  const bytes = Buffer.from(randomUUID());
  const raw = await db.rawReport.create({ data: { workspaceId: scope.workspaceId, sha256: createHash("sha256").update(bytes).digest("hex"), channel: "upload", kind, bytes, status: "parsed" } });
  return db.senderReport.create({ data: { workspaceId: scope.workspaceId, rawId: raw.id, kind, domainId, orgName: org, reportId: randomUUID(), rangeStart: start, rangeEnd: new Date(start.getTime() + DAY), verified: true } });
}

/** A scanned domain (DMARC p=none) with 14 days of reports: 99 % of DMARC mail passes; one source fails 14 messages. */
async function seeded() {
  const name = uniqueDomain("senders");
  const { domainId } = await storeDoneScan(db, mailReport(name), name);
  for (let i = 0; i < 14; i++) {
    await db.senderDay.create({ data: { domainId, workspaceId: scope.workspaceId, day: dayAgo(i), tlsSuccess: 90, tlsFailure: i === 0 ? 10 : 0, tlsFailureByType: i === 0 ? { "starttls-not-supported": 6, "certificate-expired": 4 } : {}, dmarcMessages: 100, dmarcPass: 99, dmarcFail: 1, reports: 2 } });
  }
  const tls = await report(domainId, "tlsrpt", "=HYPERLINK(\"x\") Org", dayAgo(0));
  await db.tlsRptPolicy.create({
    data: {
      reportId: tls.id, domainId, policyType: "no-policy-found", policyDomain: name, policyStrings: [], mxHosts: [], successCount: 90, failureCount: 10,
      failures: { create: [
        { domainId, resultType: "starttls-not-supported", receivingMxHost: `MX1.${name}`, receivingIp: "192.0.2.10", failedSessions: 6 },
        { domainId, resultType: "certificate-expired", receivingMxHost: `mx2.${name}`, failedSessions: 4 },
      ] },
    },
  });
  const bad = `198.51.100.${randomInt(1, 250)}`;
  const good = `203.0.113.${randomInt(1, 250)}`;
  addresses.push(bad, good);
  const dmarc = await report(domainId, "dmarc", "Mail Provider", dayAgo(0));
  await db.dmarcRow.createMany({
    data: [
      { reportId: dmarc.id, domainId, sourceIp: good, count: 1386n, disposition: "none", dkim: "pass", spf: "pass", headerFrom: name },
      { reportId: dmarc.id, domainId, sourceIp: bad, count: 14n, disposition: "none", dkim: "fail", spf: "fail", headerFrom: name },
    ],
  });
  return { name, domainId, bad, good };
}

describe("sender views", () => {
  it("summarises the last 30 days by result type, organisation and MX, keyed by workspace", async () => {
    const { name } = await seeded();
    const s = await getSenderSummary(scope, name, new Date(), db);
    expect(s.reports).toEqual({ tlsrpt: 1, dmarc: 1, unverified: 0 });
    expect(s.tls).toMatchObject({ sessions: 14 * 90 + 10, failures: 10 });
    expect(s.tls.failureRate).toBeCloseTo(10 / 1270);
    expect(s.tls.byType).toEqual([{ label: "starttls-not-supported", sessions: 6 }, { label: "certificate-expired", sessions: 4 }]);
    expect(s.tls.byOrg).toEqual([{ org: "=HYPERLINK(\"x\") Org", sessions: 100, failures: 10 }]);
    expect(s.tls.byMx).toEqual([{ mx: `mx1.${name}`, ip: "192.0.2.10", failures: 6 }, { mx: `mx2.${name}`, ip: null, failures: 4 }]);
    expect(s.dmarc).toEqual({ messages: 1400, pass: 1386, fail: 14 });

    const other = await createWorkspace(db, `Other ${randomUUID().slice(0, 6)}`);
    await expect(getSenderSummary(roleScope(other.id, "owner"), name, new Date(), db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSendersPage(roleScope(other.id, "viewer"), name, { reverseLookup: null }, db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("names failing sources once the background lookup cached them; an unnamed high-volume failing source blocks readiness", async () => {
    const { name, bad, good } = await seeded();
    const page = await getSendersPage(scope, name, { reverseLookup: null }, db);
    expect(page.dmarc.topFailing).toEqual([{ sourceIp: bad, messages: 14, pass: 0, fail: 14, name: null, lookedUp: false }]);
    expect(page.dmarc.bySource.map((x) => x.sourceIp)).toEqual([good, bad]);
    expect(page.timeline.days).toHaveLength(14);
    expect(page.timeline.scans).toHaveLength(1);
    expect(page.policy).toBe("none");
    expect(page.readiness).toMatchObject({ ready: false, target: "quarantine", unknownSources: [bad] });

    const plan = await getFixPlan(scope, name, db);
    const step = plan.steps.find((x) => x.key === "dmarc")!;
    expect(step.readiness).toMatchObject({ ready: false, target: "quarantine" });
    expect(step.warnings.join(" ")).toMatch(/not yet: keep p=none/);

    const looked: string[] = [];
    const n = await refreshReverseNames([bad, good], async (a) => (looked.push(a), a === bad ? "mailer.partner.example." : null), new Date(), db);
    expect(n).toBe(2);
    expect(looked.sort()).toEqual([bad, good].sort());
    // Cached: a second refresh looks nothing up.
    expect(await refreshReverseNames([bad, good], async () => "x", new Date(), db)).toBe(0);

    const again = await getSendersPage(scope, name, { reverseLookup: null }, db);
    expect(again.dmarc.topFailing[0]).toMatchObject({ sourceIp: bad, name: "mailer.partner.example.", lookedUp: true });
    expect(again.dmarc.bySource.find((x) => x.sourceIp === good)).toMatchObject({ name: null, lookedUp: true });
    const verdict = await getDmarcReadiness(scope, name, undefined, new Date(), db);
    expect(verdict).toMatchObject({ ready: true, target: "quarantine", reportDays: 14 });
    const plan2 = await getFixPlan(scope, name, db);
    const step2 = plan2.steps.find((x) => x.key === "dmarc")!;
    expect(step2.readiness).toMatchObject({ ready: true });
    expect(step2.warnings.join(" ")).not.toMatch(/not yet/);
  });

  it("downloads one CSV line per report, the reporter's formula kept as text, and only within the workspace", async () => {
    const { name } = await seeded();
    const csv = await getSenderReportsCsv(scope, name, new Date(), db);
    expect(csv.filename).toBe(`${name}-sender-reports-${today.toISOString().slice(0, 10)}.csv`);
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe('Kind,Organisation,Report id,From (UTC),To (UTC),Received via,Verified,"Same id, other content",TLS sessions,TLS failures,DMARC messages,DMARC fail');
    expect(lines).toHaveLength(3);
    const tls = lines.find((l) => l.startsWith("TLS-RPT,"))!;
    // The org name begins with "=": an apostrophe keeps a spreadsheet from running it; quotes doubled.
    expect(tls).toContain(`"'=HYPERLINK(""x"") Org"`);
    expect(tls).toMatch(/,upload,yes,no,100,10,,$/);
    expect(lines.find((l) => l.startsWith("DMARC,"))).toMatch(/^DMARC,Mail Provider,.*,upload,yes,no,,,1400,14$/);

    const other = await createWorkspace(db, `Other ${randomUUID().slice(0, 6)}`);
    await expect(getSenderReportsCsv(roleScope(other.id, "owner"), name, new Date(), db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a domain without reports: an empty summary and a verdict that asks for reports", async () => {
    const name = uniqueDomain("noreports");
    await storeDoneScan(db, mailReport(name), name);
    const s = await getSenderSummary(scope, name, new Date(), db);
    expect(s.reports).toEqual({ tlsrpt: 0, dmarc: 0, unverified: 0 });
    expect(s.tls.failureRate).toBeNull();
    const v = await getDmarcReadiness(scope, name, undefined, new Date(), db);
    expect(v).toMatchObject({ ready: false, messages: 0 });
    expect(v.summary).toMatch(/No DMARC aggregate reports yet/);
  });
});
