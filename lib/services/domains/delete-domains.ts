/**
 * Deletes domains of the workspace with everything that hangs off them: scans (and their findings),
 * the latest summary, change events (and their alert deliveries) and share links go by
 * ON DELETE CASCADE; the weekly DomainWeek rows, which carry no foreign key, are deleted here.
 *
 * WorkspaceWeek keeps its totals, the current week's included: those rows say what the workspace
 * looked like in each week, and a domain deleted today was part of it then, so trends keep their
 * history. The deleted domain drops out from the next week on (a week counts the domains scanned in
 * it; lib/services/scans/weekly-rollup.ts). The one blur: deleted and added back within the same
 * week, it counts twice in that week's totals, since its DomainWeek row (the delta's base) is gone.
 */
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ServiceError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput } from "@/lib/services/scans/request-scan";

/** The most names one request may delete (the portfolio selects at most a page per submission; the API one). */
export const MAX_DELETE_NAMES = 10_000;

/**
 * Deletes the named domains of the scope's workspace. Names that are not domains of this workspace
 * (another workspace's, unknown, or not a domain name at all) are left out of `deleted`; when none
 * of the names is found, NotFoundError. One audit entry per call.
 */
export async function deleteDomains(scope: Scope, names: string[], db: Db = getDb()): Promise<{ deleted: string[] }> {
  assertCan(scope, "write");
  if (!Array.isArray(names) || names.length === 0) throw new ValidationError("Choose at least one domain to delete");
  if (names.length > MAX_DELETE_NAMES) throw new ValidationError(`Delete at most ${MAX_DELETE_NAMES.toLocaleString("en-US")} domains at a time`);
  const wanted = new Set<string>();
  for (const input of names) {
    try {
      wanted.add(parseDomainInput({ domain: input }));
    } catch (err) {
      // Not a domain name: it cannot be one of the workspace's domains either.
      if (!(err instanceof ServiceError)) throw err;
    }
  }

  return db.$transaction(
    async (tx) => {
      const found = await tx.domain.findMany({
        where: { workspaceId: scope.workspaceId, name: { in: [...wanted] } },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
      if (found.length === 0) throw new NotFoundError(names.length === 1 ? "No such domain in this workspace" : "None of these domains is in this workspace");
      const ids = found.map((d) => d.id);
      // Queued jobs go (a running one is kept from retrying: graphile-worker's remove_job); the
      // worker of a scan already running finds its row gone and stores nothing (run-scan.ts).
      await tx.$executeRaw`SELECT graphile_worker.remove_job('scan:' || x.id) FROM unnest(${ids}::uuid[]) AS x(id)`;
      // Scans before their domain, in one statement: a worker storing a result locks its Scan row
      // first and the Domain row second (the DomainLatest foreign key); deleting in the same order
      // waits for it instead of deadlocking. One statement also satisfies the reportRefScanId
      // foreign key (NO ACTION, checked at the end of the statement): a scan that references
      // another's report body goes together with it.
      await tx.$executeRaw`DELETE FROM "Scan" WHERE "domainId" = ANY(${ids}::uuid[])`;
      await tx.domainWeek.deleteMany({ where: { domainId: { in: ids } } });
      await tx.domain.deleteMany({ where: { id: { in: ids }, workspaceId: scope.workspaceId } });
      const deleted = found.map((d) => d.name);
      await recordAudit(tx, scope, "domain.delete", deleted.length === 1 ? deleted[0]! : `${deleted.length} domains`, { names: deleted });
      return { deleted };
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
