import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueueScan } from "@/lib/queue/jobs";
import { normalizeDomain } from "@/lib/scan/normalize";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { ValidationError } from "@/lib/services/errors";
import { enforceDomainCap, enforceScanQuota, findRecentScan, workspaceLimits, type WorkspaceLimits } from "@/lib/services/quotas";

export const RequestScanInput = z.object({
  // Long enough for any real name in any script; normalizeDomain enforces the 253-octet limit.
  domain: z.string({ error: "Enter a domain name" }).max(1024, { error: "That is too long to be a domain name" }),
});
export type RequestScanInput = z.infer<typeof RequestScanInput>;

/** Bursts of requests (a pasted list, a test queueing 100) wait for a pooled connection rather than fail. */
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

export type RequestScanResult = {
  scanId: string;
  domain: string;
  domainId: string;
  alreadyActive: boolean;
  /** The domain's scan that finished under a minute ago, returned instead of a new one (no quota spent). */
  recent?: boolean;
};

/** Parses a user-typed domain into its normalized A-label form or a field error. */
export function parseDomainInput(input: unknown): string {
  const parsed = RequestScanInput.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter a domain name";
    throw new ValidationError(message, { domain: message });
  }
  const normalized = normalizeDomain(parsed.data.domain);
  if (!normalized.ok) throw new ValidationError(normalized.error, { domain: normalized.error });
  return normalized.domain;
}

/**
 * Adds the domain to the workspace if needed and queues a scan of it. A domain with a scan already
 * queued or running gets that scan back instead of a second one, and so does one whose last scan
 * finished less than a minute ago. Within the workspace's scan quota and domain cap (quotas.ts).
 */
export async function requestScan(scope: Scope, input: unknown, db: Db = getDb(), limits: WorkspaceLimits = workspaceLimits()): Promise<RequestScanResult> {
  assertCan(scope, "write");
  const name = parseDomainInput(input);
  const known = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true } });
  if (!known) await enforceDomainCap(db, scope, 1, limits.maxDomains);
  // ON CONFLICT: two first requests for one domain must not race into a unique violation.
  const inserted = await db.$executeRaw`INSERT INTO "Domain" (id, "workspaceId", name) VALUES (gen_random_uuid(), ${scope.workspaceId}::uuid, ${name}) ON CONFLICT ("workspaceId", name) DO NOTHING`;
  const domain = await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } } });
  if (inserted > 0) await recordAudit(db, scope, "domain.add", name);
  const active = await findActiveScan(db, domain.id);
  if (active) return { scanId: active, domain: name, domainId: domain.id, alreadyActive: true };
  const recent = await findRecentScan(db, domain.id, new Date(), limits.recentScanSeconds);
  if (recent) return { scanId: recent, domain: name, domainId: domain.id, alreadyActive: false, recent: true };
  try {
    const scan = await db.$transaction(async (tx) => {
      await enforceScanQuota(tx, scope, 1, limits);
      const created = await tx.scan.create({ data: { domainId: domain.id } });
      // A person asked for this one scan (Rescan): it re-probes the MX hosts (docs/politeness.md).
      await enqueueScan(tx, created.id, domain.id, { fresh: true });
      // The first scan of a domain just added is part of adding it, not a rescan.
      if (inserted === 0) await recordAudit(tx, scope, "domain.rescan", name);
      return created;
    }, TX_OPTIONS);
    return { scanId: scan.id, domain: name, domainId: domain.id, alreadyActive: false };
  } catch (err) {
    // Another request won the race for the one active scan per domain (partial unique index).
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const winner = await findActiveScan(db, domain.id);
      if (winner) return { scanId: winner, domain: name, domainId: domain.id, alreadyActive: true };
    }
    throw err;
  }
}

async function findActiveScan(db: Db, domainId: string): Promise<string | undefined> {
  const scan = await db.scan.findFirst({
    where: { domainId, status: { in: ["queued", "running"] } },
    select: { id: true },
  });
  return scan?.id;
}
