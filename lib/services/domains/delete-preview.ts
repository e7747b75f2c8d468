/**
 * What a deletion would remove, for the confirmation pages (/delete, /domains/<d>/delete): each
 * named domain of the workspace with its number of scans. Names not in the workspace are listed
 * apart, so the page never offers to delete what it cannot.
 */
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { ServiceError } from "@/lib/services/errors";
import { MAX_DELETE_NAMES } from "@/lib/services/domains/delete-domains";
import { parseDomainInput } from "@/lib/services/scans/request-scan";

export type DeletePreview = {
  domains: { name: string; scans: number; active: boolean }[];
  /** Inputs that are not domains of this workspace (already deleted, mistyped, another workspace's). */
  missing: string[];
  /** Scans of all listed domains together. */
  scans: number;
};

export async function previewDeleteDomains(scope: Scope, names: readonly string[], db: Db = getDb()): Promise<DeletePreview> {
  assertCan(scope, "write");
  const wanted = new Map<string, string>();
  const missing: string[] = [];
  for (const input of names.slice(0, MAX_DELETE_NAMES)) {
    try {
      wanted.set(parseDomainInput({ domain: input }), input);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      missing.push(String(input));
    }
  }
  const rows = await db.$queryRaw<{ name: string; scans: number; active: boolean }[]>`
    SELECT d.name, count(s.id)::int AS scans, COALESCE(bool_or(s.status IN ('queued', 'running')), false) AS active
      FROM "Domain" d LEFT JOIN "Scan" s ON s."domainId" = d.id
     WHERE d."workspaceId" = ${scope.workspaceId}::uuid AND d.name = ANY(${[...wanted.keys()]}::text[])
     GROUP BY d.name
     ORDER BY d.name`;
  const found = new Set(rows.map((r) => r.name));
  for (const [name, input] of wanted) if (!found.has(name)) missing.push(input);
  return { domains: rows, missing, scans: rows.reduce((n, r) => n + r.scans, 0) };
}
