/**
 * Read-only share links (the consultant's feature): a bearer URL `/s/<token>` that shows one
 * domain's report — the live one (its newest finished scan) or one pinned scan — to someone
 * without an account, until it expires or is revoked. Only the SHA-256 of the token is stored
 * (access/secrets.ts), so the link is shown once, when it is made.
 *
 * Every function here keys its queries by `scope.workspaceId`: another workspace's link or domain
 * is not found (404), never forbidden. Opening a link is in open-share-link.ts.
 */
import { getDb, type Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { normalizeDomain } from "@/lib/scan/normalize";
import { newToken } from "@/lib/services/access/secrets";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { isUuid } from "./uuid";

export { openShareLink, sharedReportPdf, type SharedReport, type SharedFixAdvice } from "./open-share-link";

export const DEFAULT_EXPIRY_DAYS = 30;
export const MAX_EXPIRY_DAYS = 365;
export const MAX_LABEL_LENGTH = 100;
const DAY_MS = 86_400_000;

export type ShareLinkInput = { domain: string; scanId?: string; label?: string; expiresInDays?: number };

export type CreatedShareLink = {
  id: string;
  /** The absolute address to hand out; it carries the token, so it is shown once and never again. */
  url: string;
  token: string;
  domain: string;
  /** The pinned scan, or null for the live report. */
  scanId: string | null;
  label: string | null;
  expiresAt: Date;
  createdAt: Date;
};

export type ShareLinkStatus = "active" | "expired" | "revoked";

export type ShareLinkSummary = {
  id: string;
  domain: string;
  scanId: string | null;
  /** When the pinned scan finished (null for a live link, or when that scan is gone). */
  scanFinishedAt: Date | null;
  label: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastOpenedAt: Date | null;
  openCount: number;
  /** Who made it, when a person did (links made with an API token or the CLI have no user). */
  createdByName?: string;
  status: ShareLinkStatus;
};

/**
 * The public base of share URLs: `MAILPOSTURE_URL`, else `http://localhost:PORT` — the same
 * origin the edge accepts requests for (lib/security reads the same two variables), so a link
 * made here opens there. Read from the environment rather than passed in, so the dashboard and
 * the JSON API build identical links.
 */
export function shareBaseUrl(env: Env = getEnv()): string {
  return (env.MAILPOSTURE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

export function shareUrl(token: string, env: Env = getEnv()): string {
  return `${shareBaseUrl(env)}/s/${token}`;
}

function parseExpiryDays(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_EXPIRY_DAYS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_EXPIRY_DAYS) {
    const message = `Expiry must be a whole number of days from 1 to ${MAX_EXPIRY_DAYS}`;
    throw new ValidationError(message, { expiresInDays: message });
  }
  return value;
}

function parseLabel(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ValidationError("The label must be text", { label: "The label must be text" });
  const label = value.trim();
  if (label === "") return null;
  if (label.length > MAX_LABEL_LENGTH) {
    const message = `The label is ${label.length} characters long; at most ${MAX_LABEL_LENGTH} are allowed`;
    throw new ValidationError(message, { label: message });
  }
  // Control characters (a pasted newline, an escape sequence) have no place in a one-line label.
  if (/\p{Cc}/u.test(label)) throw new ValidationError("The label cannot contain control characters", { label: "The label cannot contain control characters" });
  return label;
}

function statusOf(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): ShareLinkStatus {
  if (link.revokedAt) return "revoked";
  return link.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/**
 * Makes a share link of `input.domain` (live) or of one of its finished scans (pinned). The domain
 * and scan must be this workspace's (else NotFoundError); expiry is 1..365 days, default 30.
 */
export async function createShareLink(scope: Scope, input: ShareLinkInput, db: Db = getDb()): Promise<CreatedShareLink> {
  assertCan(scope, "share");
  const expiresInDays = parseExpiryDays(input.expiresInDays);
  const label = parseLabel(input.label);
  const normalized = typeof input.domain === "string" ? normalizeDomain(input.domain) : null;
  // A value that is not a domain name cannot name a stored domain: not found, as in the API's paths.
  if (!normalized?.ok) throw new NotFoundError("No such domain in this workspace");
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: normalized.domain } }, select: { id: true, name: true } });
  if (!domain) throw new NotFoundError(`No domain ${normalized.domain} in this workspace`);

  let scanId: string | null = null;
  if (input.scanId !== undefined && input.scanId !== null && input.scanId !== "") {
    // Only a finished scan of this very domain can be pinned: a queued one has nothing to show yet.
    const scan = isUuid(input.scanId) ? await db.scan.findFirst({ where: { id: input.scanId, domainId: domain.id, status: "done" }, select: { id: true } }) : null;
    if (!scan) throw new NotFoundError(`No finished scan ${String(input.scanId)} of ${domain.name}`);
    scanId = scan.id;
  }

  const { token, hash } = newToken("share");
  const expiresAt = new Date(Date.now() + expiresInDays * DAY_MS);
  const createdById = scope.actor.kind === "user" ? scope.actor.userId : null;
  const link = await db.$transaction(async (tx) => {
    const row = await tx.shareLink.create({ data: { workspaceId: scope.workspaceId, domainId: domain.id, scanId, tokenHash: hash, label, createdById, expiresAt } });
    await recordAudit(tx, scope, "share.create", domain.name, { linkId: row.id, scanId, label, expiresAt: expiresAt.toISOString() });
    return row;
  });
  return { id: link.id, url: shareUrl(token), token, domain: domain.name, scanId, label, expiresAt: link.expiresAt, createdAt: link.createdAt };
}

/** The workspace's links, newest first: only active ones unless `includeInactive`. Never a token. */
export async function listShareLinks(scope: Scope, opts: { includeInactive?: boolean; now?: Date } = {}, db: Db = getDb()): Promise<ShareLinkSummary[]> {
  assertCan(scope, "read");
  const now = opts.now ?? new Date();
  const rows = await db.shareLink.findMany({
    where: { workspaceId: scope.workspaceId, ...(opts.includeInactive ? {} : { revokedAt: null, expiresAt: { gt: now } }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { domain: { select: { name: true } } },
  });
  const scanIds = [...new Set(rows.flatMap((r) => (r.scanId ? [r.scanId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const [scans, users] = await Promise.all([
    scanIds.length > 0 ? db.scan.findMany({ where: { id: { in: scanIds } }, select: { id: true, finishedAt: true } }) : [],
    userIds.length > 0 ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
  ]);
  const finished = new Map(scans.map((s) => [s.id, s.finishedAt]));
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const createdByName = r.createdById ? names.get(r.createdById) : undefined;
    return {
      id: r.id,
      domain: r.domain.name,
      scanId: r.scanId,
      scanFinishedAt: r.scanId ? (finished.get(r.scanId) ?? null) : null,
      label: r.label,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
      lastOpenedAt: r.lastOpenedAt,
      openCount: r.openCount,
      ...(createdByName !== undefined ? { createdByName } : {}),
      status: statusOf(r, now),
    };
  });
}

/**
 * Revokes a link of this workspace: it stops opening at once. Revoking a link already revoked
 * changes nothing (the first revocation's time and audit entry stand).
 */
export async function revokeShareLink(scope: Scope, id: string, db: Db = getDb()): Promise<void> {
  assertCan(scope, "share");
  if (typeof id !== "string" || !isUuid(id)) throw new NotFoundError("No such share link");
  const link = await db.shareLink.findFirst({ where: { id, workspaceId: scope.workspaceId }, include: { domain: { select: { name: true } } } });
  if (!link) throw new NotFoundError("No such share link");
  if (link.revokedAt) return;
  await db.$transaction(async (tx) => {
    const { count } = await tx.shareLink.updateMany({ where: { id, workspaceId: scope.workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
    // A concurrent revocation won the race: it wrote the audit entry.
    if (count > 0) await recordAudit(tx, scope, "share.revoke", link.domain.name, { linkId: id, label: link.label });
  });
}
