/** The seeder's statements that do not depend on the plan: index handling, roll-ups, storage figures. */
import type pg from "pg";

export type IndexDef = { name: string; def: string };

/** Secondary indexes of a table (not backing a primary key or constraint), with their exact DDL. */
export async function secondaryIndexes(c: pg.Client, table: string): Promise<IndexDef[]> {
  const { rows } = await c.query<IndexDef>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
    [`"${table}"`],
  );
  return rows;
}

/** WorkspaceWeek: the totals of DomainWeek per week (weekly-rollup.ts keeps them incrementally). */
export async function rollUpWorkspaceWeeks(c: pg.Client, workspaceId: string): Promise<void> {
  await c.query(
    `INSERT INTO "WorkspaceWeek" ("workspaceId", "weekStart", domains, "gradeAPlus", "gradeA", "gradeB", "gradeC", "gradeD", "gradeF",
                                  exposed, partial, protected, "noInboundMail", "mtaStsEnforce", "daneValid", "dmarcEnforce", "withCritical")
     SELECT "workspaceId", "weekStart", count(*),
            count(*) FILTER (WHERE grade = 'A+'), count(*) FILTER (WHERE grade = 'A'), count(*) FILTER (WHERE grade = 'B'),
            count(*) FILTER (WHERE grade = 'C'), count(*) FILTER (WHERE grade = 'D'), count(*) FILTER (WHERE grade = 'F'),
            count(*) FILTER (WHERE exposure = 'exposed'), count(*) FILTER (WHERE exposure = 'partial'),
            count(*) FILTER (WHERE exposure = 'protected'), count(*) FILTER (WHERE exposure = 'no-inbound-mail'),
            count(*) FILTER (WHERE "mtaStsEnforce"), count(*) FILTER (WHERE "daneValid"), count(*) FILTER (WHERE "dmarcEnforce"),
            count(*) FILTER (WHERE "criticalCount" > 0)
       FROM "DomainWeek" WHERE "workspaceId" = $1 GROUP BY "workspaceId", "weekStart"
     ON CONFLICT ("workspaceId", "weekStart") DO UPDATE SET
            domains = EXCLUDED.domains, "gradeAPlus" = EXCLUDED."gradeAPlus", "gradeA" = EXCLUDED."gradeA", "gradeB" = EXCLUDED."gradeB",
            "gradeC" = EXCLUDED."gradeC", "gradeD" = EXCLUDED."gradeD", "gradeF" = EXCLUDED."gradeF", exposed = EXCLUDED.exposed,
            partial = EXCLUDED.partial, protected = EXCLUDED.protected, "noInboundMail" = EXCLUDED."noInboundMail",
            "mtaStsEnforce" = EXCLUDED."mtaStsEnforce", "daneValid" = EXCLUDED."daneValid", "dmarcEnforce" = EXCLUDED."dmarcEnforce",
            "withCritical" = EXCLUDED."withCritical"`,
    [workspaceId],
  );
}

export type StorageFigures = {
  database: number;
  /** pg_total_relation_size: heap, TOAST and indexes. */
  tables: Record<"Scan" | "Finding" | "DomainLatest" | "DomainWeek" | "WorkspaceWeek" | "Domain", number>;
  /** The TOAST part of Scan (where report bodies over ~2 KiB go), with its index. */
  scanToast: number;
  scans: number;
  /** Scans holding a report body (the rest are references). */
  reportBodies: number;
  findings: number;
};

/** Sizes in bytes of the whole database and of the tables the scans fill (docs/benchmarks.md "Storage at 1 M scans"). */
export async function measureStorage(c: pg.Client): Promise<StorageFigures> {
  const { rows } = await c.query<Record<string, string>>(`
    SELECT pg_database_size(current_database()) AS database,
           pg_total_relation_size('"Scan"') AS scan, pg_total_relation_size('"Finding"') AS finding,
           pg_total_relation_size('"DomainLatest"') AS latest, pg_total_relation_size('"DomainWeek"') AS week,
           pg_total_relation_size('"WorkspaceWeek"') AS ws_week, pg_total_relation_size('"Domain"') AS domain,
           (SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE oid = '"Scan"'::regclass) AS toast,
           (SELECT count(*) FROM "Scan") AS scans,
           (SELECT count(*) FROM "Scan" WHERE report IS NOT NULL AND "reportRefScanId" IS NULL) AS bodies,
           (SELECT count(*) FROM "Finding") AS findings`);
  const n = (k: string) => Number(rows[0]![k]);
  return {
    database: n("database"),
    tables: { Scan: n("scan"), Finding: n("finding"), DomainLatest: n("latest"), DomainWeek: n("week"), WorkspaceWeek: n("ws_week"), Domain: n("domain") },
    scanToast: n("toast"),
    scans: n("scans"),
    reportBodies: n("bodies"),
    findings: n("findings"),
  };
}
