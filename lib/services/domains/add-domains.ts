/**
 * Adds a pasted or uploaded list of domains (one per line, or CSV whose first column is the
 * domain) and queues a scan of each new one. Every line gets a result — added, already present,
 * duplicate, invalid with the reason, or skipped (comment, header row) — so nothing is dropped
 * silently. Domains already in the workspace are not rescanned unless asked (`rescanExisting`):
 * adding a list is not a request to rescan what is already monitored.
 */
import { getDb, type Db } from "@/lib/db/client";
import { ServiceError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput } from "@/lib/services/scans/request-scan";
import { queueScansForDomainIds, SCAN_CHUNK } from "@/lib/services/scans/request-scans";
import { getDefaultWorkspace } from "@/lib/services/workspaces";

/** Most non-blank lines one submission may hold. */
export const MAX_ADD_LINES = 10_000;
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
  scan?: "queued" | "already-active" | "not-rescanned";
  /** invalid: why; duplicate: which line it repeats; skipped: why the line is not a domain. */
  reason?: string;
};

export type AddDomainsResult = {
  lines: AddLineResult[];
  counts: Record<AddLineStatus, number> & { queued: number; blank: number };
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
  input: string | readonly string[],
  options: { rescanExisting?: boolean } = {},
  db: Db = getDb(),
): Promise<AddDomainsResult> {
  const size = typeof input === "string" ? input.length : input.reduce((n, l) => n + String(l).length + 1, 0);
  if (size > MAX_ADD_CHARS) {
    throw new ValidationError("That list is too large (over 4 MB). Split it into several submissions.", { domains: "The list is over 4 MB" });
  }
  const { candidates, blank, skipped } = splitDomainList(input);
  const nonBlank = candidates.length + skipped.length;
  if (nonBlank > MAX_ADD_LINES) {
    const message = `That list has ${nonBlank.toLocaleString("en-US")} lines; add at most ${MAX_ADD_LINES.toLocaleString("en-US")} at a time. Nothing was added.`;
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

  const workspace = await getDefaultWorkspace(db);
  const added = new Set<string>();
  const idOf = new Map<string, string>();
  for (let i = 0; i < unique.length; i += SCAN_CHUNK) {
    const names = unique.slice(i, i + SCAN_CHUNK).map((u) => u.name);
    // ON CONFLICT: a name already present (or added concurrently) is left alone, and RETURNING
    // yields only the rows this statement created. Sorted so overlapping concurrent lists take the
    // unique-index locks in one order (no deadlock).
    const inserted = await db.$queryRaw<{ id: string; name: string }[]>`
      INSERT INTO "Domain" (id, "workspaceId", name)
      SELECT gen_random_uuid(), ${workspace.id}::uuid, n FROM unnest(${names}::text[]) AS n ORDER BY n
      ON CONFLICT ("workspaceId", name) DO NOTHING
      RETURNING id, name`;
    for (const r of inserted) {
      added.add(r.name);
      idOf.set(r.name, r.id);
    }
    const present = names.filter((n) => !added.has(n));
    if (present.length > 0) {
      const rows = await db.domain.findMany({ where: { workspaceId: workspace.id, name: { in: present } }, select: { id: true, name: true } });
      for (const r of rows) idOf.set(r.name, r.id);
    }
  }

  const toScan = unique.filter((u) => added.has(u.name) || options.rescanExisting).map((u) => idOf.get(u.name)!);
  const queued = await queueScansForDomainIds(toScan, db);
  for (const u of unique) {
    const id = idOf.get(u.name)!;
    if (!added.has(u.name)) u.result.status = "present";
    const wantsScan = added.has(u.name) || options.rescanExisting;
    u.result.scan = !wantsScan ? "not-rescanned" : queued.has(id) ? "queued" : "already-active";
  }

  results.sort((a, b) => a.line - b.line);
  const counts = { added: 0, present: 0, duplicate: 0, invalid: 0, skipped: 0, queued: queued.size, blank };
  for (const r of results) counts[r.status]++;
  return { lines: results, counts };
}
