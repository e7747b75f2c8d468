/**
 * Adds a pasted or uploaded list of domains (one per line, or CSV whose first column is the
 * domain) and queues a scan of each new one. Every line gets a result — added, already present,
 * duplicate, invalid with the reason, or skipped (comment, header row) — so nothing is dropped
 * silently. Domains already in the workspace are not rescanned unless asked (`rescanExisting`):
 * adding a list is not a request to rescan what is already monitored.
 *
 * Limits (quotas.ts): at most MAILPOSTURE_BULK_ADD_MAX lines per submission and
 * MAILPOSTURE_MAX_DOMAINS domains per workspace, both refused whole; scans only within the
 * workspace's scan quota — domains beyond it are still added, their first scan `deferred` to the
 * schedule (a list is not refused because the minute's scans are used up).
 */
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { ServiceError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput } from "@/lib/services/scans/request-scan";
import { enforceDomainCap, workspaceLimits, type WorkspaceLimits } from "@/lib/services/quotas";
import { queueScansWithinQuota, SCAN_CHUNK } from "@/lib/services/scans/request-scans";

/** Most characters one submission may hold (10 000 lines of a long CSV row each, roughly). */
export const MAX_ADD_CHARS = 4_000_000;
/** Lines echoed back longer than this are cut for display (the full line was still judged). */
const ECHO_CHARS = 200;

export type AddLineStatus = "added" | "present" | "duplicate" | "invalid" | "skipped";

export type AddLineResult = {
  /** 1-based line number in the submission. */
  line: number;
  /** The line as given (trimmed; cut to 200 characters for display). */
  input: string;
  status: AddLineStatus;
  /** The normalized name (added, present, duplicate). */
  domain?: string;
  /** What happened to the scan of an added or present domain. */
  scan?: "queued" | "already-active" | "not-rescanned" | "deferred";
  /** invalid: why; duplicate: which line it repeats; skipped: why the line is not a domain. */
  reason?: string;
};

export type AddDomainsResult = {
  lines: AddLineResult[];
  counts: Record<AddLineStatus, number> & { queued: number; blank: number; deferred: number };
};

/** Header words a CSV export puts in its first cell. */
const HEADER_WORDS = new Set(["domain", "domains", "domain name", "domain_name", "name", "hostname", "host", "fqdn"]);

/** The first field of a CSV/TSV line, unquoted (RFC 4180 quoting, `""` inside quotes). */
export function firstField(line: string): string {
  const s = line.trim();
  if (s.startsWith('"')) {
    let out = "";
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '"') {
        if (s[i + 1] === '"') {
          out += '"';
          i++;
        } else return out;
      } else out += s[i];
    }
    return out;
  }
  const cut = s.search(/[,;\t]/);
  return (cut === -1 ? s : s.slice(0, cut)).trim();
}

type Candidate = { line: number; input: string; field: string };

/** Splits a submission into lines to judge; blank lines are only counted. Pure. */
export function splitDomainList(input: string | readonly string[]): { candidates: Candidate[]; blank: number; skipped: AddLineResult[] } {
  const lines = typeof input === "string" ? input.split(/\r\n|\r|\n/) : [...input];
  const candidates: Candidate[] = [];
  const skipped: AddLineResult[] = [];
  let blank = 0;
  let seenContent = false;
  lines.forEach((raw, i) => {
    const text = String(raw).replace(/^\uFEFF/, "").trim();
    if (text === "") {
      blank++;
      return;
    }
    const echo = text.length > ECHO_CHARS ? `${text.slice(0, ECHO_CHARS)}…` : text;
    const isFirst = !seenContent;
    seenContent = true;
    if (text.startsWith("#")) {
      skipped.push({ line: i + 1, input: echo, status: "skipped", reason: "Comment line" });
      return;
    }
    const field = firstField(text);
    if (isFirst && HEADER_WORDS.has(field.toLowerCase())) {
      skipped.push({ line: i + 1, input: echo, status: "skipped", reason: "Header row" });
      return;
    }
    candidates.push({ line: i + 1, input: echo, field });
  });
  return { candidates, blank, skipped };
}

export async function addDomains(
  scope: Scope,
  input: string | readonly string[],
  options: { rescanExisting?: boolean; limits?: WorkspaceLimits } = {},
  db: Db = getDb(),
): Promise<AddDomainsResult> {
  assertCan(scope, "write");
  const limits = options.limits ?? workspaceLimits();
  const size = typeof input === "string" ? input.length : input.reduce((n, l) => n + String(l).length + 1, 0);
  if (size > MAX_ADD_CHARS) {
    throw new ValidationError("That list is too large (over 4 MB). Split it into several submissions.", { domains: "The list is over 4 MB" });
  }
  const { candidates, blank, skipped } = splitDomainList(input);
  const nonBlank = candidates.length + skipped.length;
  if (nonBlank > limits.bulkAddMax) {
    const message = `That list has ${nonBlank.toLocaleString("en-US")} lines; add at most ${limits.bulkAddMax.toLocaleString("en-US")} at a time. Nothing was added.`;
    throw new ValidationError(message, { domains: message });
  }
  if (candidates.length === 0) {
    const message = "Paste at least one domain name, one per line.";
    throw new ValidationError(message, { domains: message });
  }

  const results: AddLineResult[] = [...skipped];
  const firstLineOf = new Map<string, number>();
  const unique: { name: string; result: AddLineResult }[] = [];
  for (const c of candidates) {
    let name: string;
    try {
      name = parseDomainInput({ domain: c.field });
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      results.push({ line: c.line, input: c.input, status: "invalid", reason: err.fieldErrors?.domain ?? err.message });
      continue;
    }
    const seen = firstLineOf.get(name);
    if (seen !== undefined) {
      results.push({ line: c.line, input: c.input, status: "duplicate", domain: name, reason: `Same domain as line ${seen}` });
      continue;
    }
    firstLineOf.set(name, c.line);
    const result: AddLineResult = { line: c.line, input: c.input, status: "added", domain: name };
    results.push(result);
    unique.push({ name, result });
  }

  const workspaceId = scope.workspaceId;
  // The cap counts only names not yet in the workspace. Two lists added at the same instant may
  // together pass it by at most one list; the cap guards against runaway growth, not one row.
  const known = await db.domain.count({ where: { workspaceId, name: { in: unique.map((u) => u.name) } } });
  await enforceDomainCap(db, scope, unique.length - known, limits.maxDomains);
  const added = new Set<string>();
  const idOf = new Map<string, string>();
  for (let i = 0; i < unique.length; i += SCAN_CHUNK) {
    const names = unique.slice(i, i + SCAN_CHUNK).map((u) => u.name);
    // ON CONFLICT: a name already present (or added concurrently) is left alone, and RETURNING
    // yields only the rows this statement created. Sorted so overlapping concurrent lists take the
    // unique-index locks in one order (no deadlock).
    const inserted = await db.$queryRaw<{ id: string; name: string }[]>`
      INSERT INTO "Domain" (id, "workspaceId", name)
      SELECT gen_random_uuid(), ${workspaceId}::uuid, n FROM unnest(${names}::text[]) AS n ORDER BY n
      ON CONFLICT ("workspaceId", name) DO NOTHING
      RETURNING id, name`;
    for (const r of inserted) {
      added.add(r.name);
      idOf.set(r.name, r.id);
    }
    const present = names.filter((n) => !added.has(n));
    if (present.length > 0) {
      const rows = await db.domain.findMany({ where: { workspaceId, name: { in: present } }, select: { id: true, name: true } });
      for (const r of rows) idOf.set(r.name, r.id);
    }
  }

  // New domains first: when the quota runs short, their first scan matters more than a rescan.
  const quota = { limits, upToQuota: true };
  const first = await queueScansWithinQuota(scope, unique.filter((u) => added.has(u.name)).map((u) => idOf.get(u.name)!), quota, db);
  const again = options.rescanExisting ? await queueScansWithinQuota(scope, unique.filter((u) => !added.has(u.name)).map((u) => idOf.get(u.name)!), quota, db) : undefined;
  const queued = new Map([...first.queued, ...(again?.queued ?? [])]);
  const deferred = new Set([...first.deferred, ...(again?.deferred ?? [])]);
  let rescanned = 0;
  for (const u of unique) {
    const id = idOf.get(u.name)!;
    if (!added.has(u.name)) u.result.status = "present";
    const wantsScan = added.has(u.name) || options.rescanExisting;
    u.result.scan = !wantsScan ? "not-rescanned" : queued.has(id) ? "queued" : deferred.has(id) ? "deferred" : "already-active";
    if (!added.has(u.name) && queued.has(id)) rescanned++;
  }
  await auditList(db, scope, [...added], rescanned);

  results.sort((a, b) => a.line - b.line);
  const counts = { added: 0, present: 0, duplicate: 0, invalid: 0, skipped: 0, queued: queued.size, blank, deferred: deferred.size };
  for (const r of results) counts[r.status]++;
  return { lines: results, counts };
}

/**
 * One audit entry per submission, not per domain (a list can hold 10 000): the name when one
 * domain was added, else the count. Present domains rescanned on request get their own entry.
 */
async function auditList(db: Db, scope: Scope, added: string[], rescanned: number): Promise<void> {
  if (added.length > 0) await recordAudit(db, scope, "domain.add", added.length === 1 ? added[0]! : `${added.length} domains`, { count: added.length });
  if (rescanned > 0) await recordAudit(db, scope, "domain.rescan", `${rescanned} domains`, { count: rescanned });
}
