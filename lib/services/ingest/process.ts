/**
 * The `ingest-report` job's body: one RawReport is unpacked, parsed, checked against the
 * workspace's domains, de-duplicated by (kind, org, report id) and stored; then the detectors look
 * at what was stored. Content problems end the raw report `rejected` with the reason and store
 * nothing else; an unexpected error marks it `failed` and is thrown again so the queue retries.
 */
import { getDb, type Db } from "@/lib/db/client";
import { parseDmarcAggregate } from "@/lib/ingest/dmarc";
import { parseTlsRpt } from "@/lib/ingest/tlsrpt";
import { unpackReport } from "@/lib/ingest/unpack";
import { normalizeDomain } from "@/lib/scan/normalize";
import { runDetectors } from "./detectors";
import { submitterMatchesContact } from "./mail-authenticity";
import { domainTextsOf, fingerprintOf, storeSenderReport, type ParsedDocument } from "./store";

export type RawStatus = "pending" | "parsed" | "duplicate" | "rejected" | "failed";

export type ProcessResult = { status: RawStatus; error?: string; senderReportIds: string[] };

type RawRow = { id: string; workspaceId: string; channel: string; contentType: string | null; bytes: Uint8Array; origin: unknown; verified: boolean };

type DocOutcome = { kind: "stored"; id: string; verified: boolean; domainId: string } | { kind: "duplicate" } | { kind: "conflict" } | { kind: "rejected"; error: string };

const MAX_ERROR_CHARS = 500;

function originField(origin: unknown, field: string): string | undefined {
  const value = typeof origin === "object" && origin !== null ? (origin as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" ? value : undefined;
}

function filenameOf(origin: unknown): string | undefined {
  return originField(origin, "filename");
}

/** Unpacks and parses every document of a raw report; any document that does not parse rejects the whole file. */
async function parseRaw(raw: Pick<RawRow, "bytes" | "contentType" | "origin">): Promise<{ ok: true; kind: "tlsrpt" | "dmarc"; docs: ParsedDocument[] } | { ok: false; error: string; kind?: "tlsrpt" | "dmarc" }> {
  const filename = filenameOf(raw.origin);
  const unpacked = await unpackReport(Buffer.from(raw.bytes), { ...(raw.contentType ? { contentType: raw.contentType } : {}), ...(filename ? { filename } : {}) });
  if (!unpacked.ok) return { ok: false, error: unpacked.error };
  const docs: ParsedDocument[] = [];
  for (const document of unpacked.documents) {
    if (unpacked.kind === "tlsrpt") {
      const parsed = parseTlsRpt(document);
      if (!parsed.ok) return { ok: false, error: parsed.error, kind: "tlsrpt" };
      docs.push({ kind: "tlsrpt", report: parsed.report });
    } else {
      const parsed = parseDmarcAggregate(document);
      if (!parsed.ok) return { ok: false, error: parsed.error, kind: "dmarc" };
      docs.push({ kind: "dmarc", report: parsed.report });
    }
  }
  if (docs.length === 0) return { ok: false, error: "No report found in the file", kind: unpacked.kind };
  return { ok: true, kind: unpacked.kind, docs };
}

/**
 * The workspace's domain the report is about (RFC 8460 §4.4 policy-domain; RFC 7489 Appendix C
 * policy_published/domain), normalised like every domain here (docs/architecture.md rule 15).
 */
async function domainOf(db: Db, workspaceId: string, doc: ParsedDocument): Promise<{ ok: true; domainId: string } | { ok: false; error: string }> {
  const texts = domainTextsOf(doc);
  if (texts.length === 0) return { ok: false, error: "The report names no policy domain" };
  const names = new Set<string>();
  for (const text of texts) {
    const n = normalizeDomain(text);
    if (!n.ok) return { ok: false, error: `The report's domain is not a domain name: ${n.error}` };
    names.add(n.domain);
  }
  if (names.size > 1) return { ok: false, error: "The report covers more than one domain" };
  const [name] = [...names] as [string];
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true } });
  if (!domain) return { ok: false, error: `The report is for ${name}, which is not a domain of this workspace` };
  return { ok: true, domainId: domain.id };
}

/** Whether the earlier report with the same (kind, org, id) has the same content as `doc`. */
async function sameContentAsStored(db: Db, existingRawId: string, doc: ParsedDocument): Promise<boolean> {
  const raw = await db.rawReport.findUniqueOrThrow({ where: { id: existingRawId }, select: { bytes: true, contentType: true, origin: true } });
  const parsed = await parseRaw(raw);
  if (!parsed.ok) return false;
  const want = fingerprintOf(doc);
  return parsed.docs.some((d) => fingerprintOf(d) === want);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

async function storeDocument(db: Db, raw: RawRow, doc: ParsedDocument, retried = false): Promise<DocOutcome> {
  const domain = await domainOf(db, raw.workspaceId, doc);
  if (!domain.ok) return { kind: "rejected", error: domain.error };
  const key = { workspaceId: raw.workspaceId, kind: doc.kind, orgName: doc.report.orgName, reportId: doc.report.reportId };
  const existing = await db.senderReport.findUnique({ where: { workspaceId_kind_orgName_reportId: key }, select: { id: true, rawId: true } });
  if (existing) {
    if (existing.rawId === raw.id || (await sameContentAsStored(db, existing.rawId, doc))) return { kind: "duplicate" };
    await db.senderReport.update({ where: { id: existing.id }, data: { conflict: true } });
    return { kind: "conflict" };
  }
  // Only mail can be forged by a third party: a report from the workspace's secret HTTPS URL or
  // uploaded by a member is as trustworthy as its channel; mail counts once its checks passed, and
  // TLS-RPT mail only when the signing submitter is the organisation the report names (RFC 8460 §5.3).
  const verified =
    raw.channel !== "imap" ? true : raw.verified && (doc.kind !== "tlsrpt" || submitterMatchesContact(originField(raw.origin, "tlsReportSubmitter"), doc.report.contactInfo));
  try {
    const id = await storeSenderReport(db, { workspaceId: raw.workspaceId, rawId: raw.id, domainId: domain.domainId, doc, verified });
    return { kind: "stored", id, verified, domainId: domain.domainId };
  } catch (err) {
    // The same report arrived by another path and was stored between our check and our insert.
    if (isUniqueViolation(err) && !retried) return storeDocument(db, raw, doc, true);
    throw err;
  }
}

async function finish(db: Db, rawId: string, status: RawStatus, fields: { kind?: string; error?: string } = {}): Promise<void> {
  await db.rawReport.update({
    where: { id: rawId },
    data: { status, processedAt: new Date(), error: fields.error ? fields.error.slice(0, MAX_ERROR_CHARS) : null, ...(fields.kind ? { kind: fields.kind } : {}) },
  });
}

async function detect(db: Db, workspaceId: string, reports: { id: string; domainId: string }[]): Promise<void> {
  for (const r of reports) await runDetectors(db, { workspaceId, domainId: r.domainId, senderReportId: r.id });
}

/** The verified reports stored from a raw report (a retry after the detectors failed runs them again). */
async function verifiedReportsOf(db: Db, rawId: string): Promise<{ id: string; domainId: string }[]> {
  return db.senderReport.findMany({ where: { rawId, verified: true }, select: { id: true, domainId: true } });
}

/** Processes one RawReport (idempotent: a finished one is not stored again). */
export async function processRawReport(rawId: string, db: Db = getDb()): Promise<ProcessResult> {
  const raw = await db.rawReport.findUnique({
    where: { id: rawId },
    select: { id: true, workspaceId: true, channel: true, contentType: true, bytes: true, origin: true, verified: true, status: true, error: true },
  });
  if (!raw) return { status: "rejected", error: "No such raw report", senderReportIds: [] };
  if (raw.status === "parsed") {
    // A retry: the rows are committed; only the detectors may not have run (they record each event once).
    const stored = await verifiedReportsOf(db, raw.id);
    await detect(db, raw.workspaceId, stored);
    return { status: "parsed", senderReportIds: stored.map((s) => s.id) };
  }
  if (raw.status === "duplicate" || raw.status === "rejected") return { status: raw.status, ...(raw.error ? { error: raw.error } : {}), senderReportIds: [] };

  const stored: { id: string; domainId: string; verified: boolean }[] = [];
  let result: ProcessResult;
  try {
    const parsed = await parseRaw(raw);
    if (!parsed.ok) {
      await finish(db, raw.id, "rejected", { error: parsed.error, ...(parsed.kind ? { kind: parsed.kind } : {}) });
      return { status: "rejected", error: parsed.error, senderReportIds: [] };
    }
    const rejections: string[] = [];
    let conflicts = 0;
    for (const doc of parsed.docs) {
      const outcome = await storeDocument(db, raw, doc);
      if (outcome.kind === "stored") stored.push({ id: outcome.id, domainId: outcome.domainId, verified: outcome.verified });
      else if (outcome.kind === "rejected") rejections.push(outcome.error);
      else if (outcome.kind === "conflict") conflicts++;
    }
    const conflictNote = conflicts > 0 ? "An earlier report has the same organisation and report id but different content; it was kept and flagged" : undefined;
    if (stored.length > 0) result = { status: "parsed", senderReportIds: stored.map((s) => s.id), ...(rejections[0] ? { error: rejections[0] } : {}) };
    else if (rejections.length > 0) result = { status: "rejected", error: rejections[0]!, senderReportIds: [] };
    else result = { status: "duplicate", ...(conflictNote ? { error: conflictNote } : {}), senderReportIds: [] };
    await finish(db, raw.id, result.status, { kind: parsed.kind, ...(result.error ? { error: result.error } : {}) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await finish(db, raw.id, "failed", { error: message }).catch(() => {});
    throw err;
  }
  // Unverified mail is kept for the record but never raises an event (it may be forged).
  await detect(
    db,
    raw.workspaceId,
    stored.filter((s) => s.verified),
  );
  return result;
}
