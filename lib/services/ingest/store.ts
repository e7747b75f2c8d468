/**
 * Storing one parsed report: the SenderReport with its policy summaries, failure details or DMARC
 * rows, and the domain's day roll-up, all in one transaction, so the views (which read SenderDay)
 * never count a report whose rows are missing or the reverse.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ParsedDmarc } from "@/lib/ingest/dmarc";
import type { ParsedTlsRpt } from "@/lib/ingest/tlsrpt";

export type ParsedDocument = { kind: "tlsrpt"; report: ParsedTlsRpt } | { kind: "dmarc"; report: ParsedDmarc };

/** A day's sums from one report, added to SenderDay. */
export type DayTotals = {
  tlsSuccess: bigint;
  tlsFailure: bigint;
  tlsFailureByType: Record<string, number>;
  dmarcMessages: bigint;
  dmarcPass: bigint;
  dmarcFail: bigint;
};

/** Rows per INSERT: a 200 000-record DMARC report is 40 statements, each well under PostgreSQL's 65 535 parameters. */
const ROW_CHUNK = 5_000;
/** A large report's rows take a while to write; Prisma's default of 5 s would abort it. */
const STORE_TIMEOUT_MS = 120_000;

/** The text naming the report's domain: DMARC's policy_published domain, TLS-RPT's policy-domain(s). */
export function domainTextsOf(doc: ParsedDocument): string[] {
  return doc.kind === "dmarc" ? [doc.report.domain] : doc.report.policies.map((p) => p.policyDomain);
}

/**
 * Identifies a report's content independently of its wrapping: the same report gzipped by mail and
 * posted over HTTPS differs in its compressed bytes (gzip header time and name) but not here.
 */
export function fingerprintOf(doc: ParsedDocument): string {
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

export function dayTotalsOf(doc: ParsedDocument): DayTotals {
  const totals: DayTotals = { tlsSuccess: 0n, tlsFailure: 0n, tlsFailureByType: {}, dmarcMessages: 0n, dmarcPass: 0n, dmarcFail: 0n };
  if (doc.kind === "tlsrpt") {
    for (const p of doc.report.policies) {
      totals.tlsSuccess += BigInt(p.successCount);
      totals.tlsFailure += BigInt(p.failureCount);
      for (const f of p.failures) totals.tlsFailureByType[f.resultType] = (totals.tlsFailureByType[f.resultType] ?? 0) + f.failedSessions;
    }
    return totals;
  }
  for (const r of doc.report.records) {
    const count = BigInt(r.count);
    totals.dmarcMessages += count;
    // RFC 7489 §6.6.2: a message passes DMARC when DKIM or SPF passes *aligned*, which is what the
    // reporter's policy_evaluated dkim/spf say (the auth_results are unaligned raw results).
    if (r.dkim === "pass" || r.spf === "pass") totals.dmarcPass += count;
    else totals.dmarcFail += count;
  }
  return totals;
}

/** The UTC day a report counts for: the start of its range. */
export function reportDay(doc: ParsedDocument): string {
  return doc.report.rangeStart.toISOString().slice(0, 10);
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROW_CHUNK) out.push(items.slice(i, i + ROW_CHUNK));
  return out;
}

async function storeTlsRows(tx: Prisma.TransactionClient, reportId: string, domainId: string, report: ParsedTlsRpt): Promise<void> {
  for (const p of report.policies) {
    const policy = await tx.tlsRptPolicy.create({
      data: {
        reportId,
        domainId,
        policyType: p.policyType,
        policyDomain: p.policyDomain,
        policyStrings: p.policyStrings,
        mxHosts: p.mxHosts,
        successCount: BigInt(p.successCount),
        failureCount: BigInt(p.failureCount),
      },
      select: { id: true },
    });
    for (const part of chunks(p.failures)) {
      await tx.tlsRptFailure.createMany({
        data: part.map((f) => ({
          policyId: policy.id,
          domainId,
          resultType: f.resultType,
          sendingMtaIp: f.sendingMtaIp ?? null,
          receivingMxHost: f.receivingMxHost ?? null,
          receivingMxHelo: f.receivingMxHelo ?? null,
          receivingIp: f.receivingIp ?? null,
          failedSessions: BigInt(f.failedSessions),
          additionalInfo: f.additionalInfo ?? null,
          failureReasonCode: f.failureReasonCode ?? null,
        })),
      });
    }
  }
}

async function storeDmarcRows(tx: Prisma.TransactionClient, reportId: string, domainId: string, report: ParsedDmarc): Promise<void> {
  for (const part of chunks(report.records)) {
    await tx.dmarcRow.createMany({
      data: part.map((r) => ({
        reportId,
        domainId,
        sourceIp: r.sourceIp,
        count: BigInt(r.count),
        disposition: r.disposition,
        dkim: r.dkim,
        spf: r.spf,
        headerFrom: r.headerFrom,
        envelopeFrom: r.envelopeFrom ?? null,
        authResults: r.authResults as Prisma.InputJsonValue,
      })),
    });
  }
}

/**
 * Adds a report's sums to its domain's day in one statement, so two reports for the same day
 * stored at once both count (the failure-type map is merged key by key in SQL).
 */
async function addToDay(tx: Prisma.TransactionClient, workspaceId: string, domainId: string, day: string, t: DayTotals): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "SenderDay" ("domainId", day, "workspaceId", "tlsSuccess", "tlsFailure", "tlsFailureByType", "dmarcMessages", "dmarcPass", "dmarcFail", reports)
    VALUES (${domainId}::uuid, ${day}::date, ${workspaceId}::uuid, ${t.tlsSuccess}, ${t.tlsFailure}, ${JSON.stringify(t.tlsFailureByType)}::jsonb,
            ${t.dmarcMessages}, ${t.dmarcPass}, ${t.dmarcFail}, 1)
    ON CONFLICT ("domainId", day) DO UPDATE SET
      "tlsSuccess" = "SenderDay"."tlsSuccess" + EXCLUDED."tlsSuccess",
      "tlsFailure" = "SenderDay"."tlsFailure" + EXCLUDED."tlsFailure",
      "tlsFailureByType" = (
        SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb)
          FROM (SELECT key, SUM(value::numeric) AS total
                  FROM (SELECT * FROM jsonb_each_text("SenderDay"."tlsFailureByType")
                        UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED."tlsFailureByType")) AS both_maps
                 GROUP BY key) AS summed),
      "dmarcMessages" = "SenderDay"."dmarcMessages" + EXCLUDED."dmarcMessages",
      "dmarcPass" = "SenderDay"."dmarcPass" + EXCLUDED."dmarcPass",
      "dmarcFail" = "SenderDay"."dmarcFail" + EXCLUDED."dmarcFail",
      reports = "SenderDay".reports + 1`;
}

export type StoreInput = { workspaceId: string; rawId: string; domainId: string; doc: ParsedDocument; verified: boolean };

/** Stores the report, its rows and its day sums; throws Prisma's P2002 when (org, id) was stored meanwhile. */
export async function storeSenderReport(db: Db, input: StoreInput): Promise<string> {
  const { workspaceId, rawId, domainId, doc, verified } = input;
  const r = doc.report;
  return db.$transaction(
    async (tx) => {
      const created = await tx.senderReport.create({
        data: {
          workspaceId,
          rawId,
          kind: doc.kind,
          domainId,
          orgName: r.orgName,
          contactInfo: doc.kind === "tlsrpt" ? (doc.report.contactInfo ?? null) : (doc.report.email ?? null),
          reportId: r.reportId,
          rangeStart: r.rangeStart,
          rangeEnd: r.rangeEnd,
          verified,
          ...(doc.kind === "dmarc" ? { policyPublished: doc.report.policyPublished } : {}),
        },
        select: { id: true },
      });
      if (doc.kind === "tlsrpt") await storeTlsRows(tx, created.id, domainId, doc.report);
      else await storeDmarcRows(tx, created.id, domainId, doc.report);
      await addToDay(tx, workspaceId, domainId, reportDay(doc), dayTotalsOf(doc));
      return created.id;
    },
    { timeout: STORE_TIMEOUT_MS, maxWait: 10_000 },
  );
}
