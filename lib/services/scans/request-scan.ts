import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueueScan } from "@/lib/queue/jobs";
import { normalizeDomain } from "@/lib/scan/normalize";
import { ValidationError } from "@/lib/services/errors";
import { getDefaultWorkspace } from "@/lib/services/workspaces";

export const RequestScanInput = z.object({
  // Long enough for any real name in any script; normalizeDomain enforces the 253-octet limit.
  domain: z.string({ error: "Enter a domain name" }).max(1024, { error: "That is too long to be a domain name" }),
});
export type RequestScanInput = z.infer<typeof RequestScanInput>;

/** Bursts of requests (a pasted list, a test queueing 100) wait for a pooled connection rather than fail. */
const TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 };

export type RequestScanResult = { scanId: string; domain: string; domainId: string; alreadyActive: boolean };

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
 * queued or running gets that scan back instead of a second one.
 */
export async function requestScan(input: unknown, db: Db = getDb()): Promise<RequestScanResult> {
  const name = parseDomainInput(input);
  const workspace = await getDefaultWorkspace(db);
  // ON CONFLICT: two first requests for one domain must not race into a unique violation.
  await db.$executeRaw`INSERT INTO "Domain" (id, "workspaceId", name) VALUES (gen_random_uuid(), ${workspace.id}::uuid, ${name}) ON CONFLICT ("workspaceId", name) DO NOTHING`;
  const domain = await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: workspace.id, name } } });
  const active = await findActiveScan(db, domain.id);
  if (active) return { scanId: active, domain: name, domainId: domain.id, alreadyActive: true };
  try {
    const scan = await db.$transaction(async (tx) => {
      const created = await tx.scan.create({ data: { domainId: domain.id } });
      // A person asked for this one scan (Rescan): it re-probes the MX hosts (docs/politeness.md).
      await enqueueScan(tx, created.id, domain.id, { fresh: true });
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
