/**
 * Writes a seeded workspace: Domain, Scan (done, with report JSONB, grade, score and versions; a
 * few failed), Finding rows, DomainLatest, DomainWeek and WorkspaceWeek, with the meaning
 * lib/services/scans/run-scan.ts and weekly-rollup.ts give them.
 *
 * Speed: reports are built server-side from a few hundred templates scanned by the real scanner
 * (world.ts) — each batch sends only ids, times and a template number, and PostgreSQL fills in the
 * name, start and duration and parses the JSONB. Everything runs in one transaction, with the
 * secondary indexes of Scan and Finding dropped during the load and rebuilt from their exact
 * definitions before commit (so a failed run leaves the database as it was), and, for a
 * superuser, row triggers (foreign-key checks) off: the rows are consistent by construction.
 *
 * Two modes. The default spreads --scans over --weeks at mixed cadences (plan.ts) and stores every
 * report in full. `daily` (daily-plan.ts) scans each domain once a day by the scheduler and stores
 * a report equal to its predecessor's as a reference, as run-scan.ts does (stored-form.ts); Finding
 * rows are written for the scans holding a body only, as run-scan.ts does (nothing reads them per scan).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createDailyPlanner, defaultDays } from "./daily-plan";
import { createPlanner, domainNames, weekKey } from "./plan";
import { rollUpWorkspaceWeeks, secondaryIndexes } from "./sql";
import { createStoredForms, type PreviousBody } from "./stored-form";
import { createTemplateFactory, DOMAIN_TOKEN, DURATION_TOKEN, STARTED_AT_TOKEN, type Template } from "./world";

export type SeedOptions = {
  databaseUrl: string;
  domains: number;
  /** Plain mode: exactly this many scans. Daily mode: sets the default of `days` (domains × days ≈ scans). */
  scans: number;
  /** Plain mode only: the period the scans spread over. */
  weeks: number;
  /** One scheduled scan per domain and day, stored by reference when unchanged. */
  daily?: boolean;
  /** Daily mode: how many days back (default: scans / domains). */
  days?: number;
  seed?: number;
  /** Seed into a database that already has domains (adds beside them). */
  force?: boolean;
  now?: Date;
  batchSize?: number;
  log?: (line: string) => void;
};

export type SeedResult = {
  workspaceId: string;
  domains: number;
  scans: number;
  failedScans: number;
  findings: number;
  domainWeeks: number;
  templates: number;
  /** Scans whose `report` holds a body (in plain mode every finished scan). */
  reportBodies: number;
  /** Average stored report size (JSON text) in bytes: bodies and references alike. */
  averageReportBytes: number;
  seconds: number;
};

const DEFAULT_SLUG = "default";

const ISO = (ms: number) => new Date(ms).toISOString();

export async function seedWorkspace(o: SeedOptions): Promise<SeedResult> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const now = o.now ?? new Date();
  const seed = o.seed ?? 1;
  const batchSize = o.batchSize ?? 5_000;
  const c = new pg.Client({ connectionString: o.databaseUrl });
  await c.connect();
  try {
    const existing = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "Domain"`)).rows[0]!.n);
    if (existing > 0 && !o.force) throw new Error(`the database already has ${existing} domains; seed an empty database, or pass --force to add beside them`);

    await c.query(`INSERT INTO "Workspace" (id, slug, name) VALUES (gen_random_uuid(), $1, 'Default workspace') ON CONFLICT (slug) DO NOTHING`, [DEFAULT_SLUG]);
    const workspaceId = (await c.query<{ id: string }>(`SELECT id FROM "Workspace" WHERE slug = $1`, [DEFAULT_SLUG])).rows[0]!.id;
    const taken = new Set((await c.query<{ name: string }>(`SELECT name FROM "Domain" WHERE "workspaceId" = $1`, [workspaceId])).rows.map((r) => r.name));

    const days = o.days ?? defaultDays(o.domains, o.scans);
    log(
      o.daily
        ? `planning ${o.domains} domains, one scheduled scan a day over ${days} days (seed ${seed})`
        : `planning ${o.domains} domains, ${o.scans} scans over ${o.weeks} weeks (seed ${seed})`,
    );
    const names = domainNames(o.domains, seed, taken);
    const planner = o.daily ? createDailyPlanner({ domains: o.domains, days, seed, now }) : createPlanner({ domains: o.domains, scans: o.scans, weeks: o.weeks, seed, now });
    const planned = planner.counts.reduce((a, b) => a + b, 0);
    const templates = await createTemplateFactory(now);
    const forms = o.daily ? createStoredForms() : null;

    await c.query("BEGIN");
    const superuser = (await c.query<{ v: string }>(`SELECT current_setting('is_superuser') AS v`)).rows[0]!.v === "on";
    // Consistent by construction; skipping 7 million foreign-key lookups halves the load time.
    if (superuser) await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    const dropped = [...(await secondaryIndexes(c, "Scan")), ...(await secondaryIndexes(c, "Finding"))];
    for (const ix of dropped) await c.query(`DROP INDEX "${ix.name}"`);
    log(`dropped ${dropped.length} secondary indexes of Scan and Finding for the load${superuser ? "; foreign-key triggers off" : ""}`);

    await c.query(`CREATE TEMP TABLE seed_template (
        id int PRIMARY KEY, body text NOT NULL, grade text NOT NULL, score int NOT NULL, scanner_version text, ruleset_version int,
        exposure text, mta_sts_mode text, dane_state text, dmarc_policy text, critical_count int, high_count int, finding_ids text[],
        mta_sts_enforce boolean, dane_valid boolean, dmarc_enforce boolean) ON COMMIT DROP`);
    await c.query(`CREATE TEMP TABLE seed_template_finding (template int, ord int, finding_id text, severity text, host text) ON COMMIT DROP`);
    const templateIds = new Map<string, number>();
    let storedBytes = 0;
    let doneScans = 0;
    let bodies = 0;
    const uploadTemplate = async (t: Template): Promise<number> => {
      const known = templateIds.get(t.key);
      if (known !== undefined) return known;
      const id = templateIds.size + 1;
      templateIds.set(t.key, id);
      const s = t.summary;
      await c.query(
        `INSERT INTO seed_template VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [id, t.body, t.grade, t.score, t.scannerVersion, t.rulesetVersion, s.exposure, s.mtaStsMode, s.daneState, s.dmarcPolicy, s.criticalCount, s.highCount, s.findingIds, t.week.mtaStsEnforce, t.week.daneValid, t.week.dmarcEnforce],
      );
      if (t.findings.length > 0) {
        await c.query(`INSERT INTO seed_template_finding SELECT $1, n, f, s, h FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(f, s, h, n)`, [
          id,
          t.findings.map((f) => f.findingId),
          t.findings.map((f) => f.severity),
          t.findings.map((f) => f.host),
        ]);
      }
      return id;
    };

    // Domains.
    const domainIds = names.map(() => randomUUID());
    for (let i = 0; i < o.domains; i += batchSize) {
      const ids = domainIds.slice(i, i + batchSize);
      await c.query(`INSERT INTO "Domain" (id, "workspaceId", name, "createdAt") SELECT u.id, $1, u.name, u.created FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS u(id, name, created)`, [
        workspaceId,
        ids,
        names.slice(i, i + batchSize),
        ids.map((_, k) => ISO(planner.createdAt(i + k))),
      ]);
    }
    log(`inserted ${o.domains} domains`);

    // Scans, findings, and what DomainLatest / DomainWeek need, batch by batch.
    type Row = {
      id: string;
      domainId: string;
      name: string;
      status: string;
      requestedAt: string;
      startedAt: string;
      startedIso: string;
      finishedAt: string;
      durationMs: number | null;
      template: number | null;
      error: string | null;
      /** Daily mode: the stored form (report-store.ts); `overlay` is set for a reference scan. */
      reportHash: string | null;
      reportRefScanId: string | null;
      overlay: string | null;
      /** The template whose findings become Finding rows (null: none). */
      findingTemplate: number | null;
    };
    let batch: Row[] = [];
    const latest: { domainId: string; scanId: string; finishedAt: string; template: number }[] = [];
    let weeks: { domainId: string; weekStart: string; scanId: string; finishedAt: string; template: number }[] = [];
    let scans = 0;
    let failed = 0;
    let findings = 0;
    let domainWeeks = 0;
    let lastLog = performance.now();

    const flushScans = async () => {
      if (batch.length === 0) return;
      const col = <K extends keyof Row>(k: K) => batch.map((r) => r[k]);
      await c.query(
        `INSERT INTO "Scan" (id, "domainId", status, trigger, "requestedAt", "startedAt", "finishedAt", "durationMs", grade, score, "scannerVersion", "rulesetVersion",
                             report, "reportHash", "reportRefScanId", error, attempts)
         SELECT u.id, u.domain_id, u.status::"ScanStatus", $15, u.requested_at, u.started_at, u.finished_at, u.duration_ms,
                t.grade, t.score, t.scanner_version, t.ruleset_version,
                CASE WHEN u.overlay IS NOT NULL THEN u.overlay::jsonb
                     WHEN t.id IS NOT NULL THEN replace(replace(replace(t.body, $11, u.name), $12, u.started_iso), $13, u.duration_ms::text)::jsonb END,
                u.report_hash, u.report_ref, u.error, 1
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::timestamptz[], $9::int[], $10::int[], $14::text[],
                       $16::text[], $17::uuid[], $18::text[])
                AS u(id, domain_id, name, status, requested_at, started_at, started_iso, finished_at, duration_ms, template, error, report_hash, report_ref, overlay)
           LEFT JOIN seed_template t ON t.id = u.template`,
        [
          col("id"),
          col("domainId"),
          col("name"),
          col("status"),
          col("requestedAt"),
          col("startedAt"),
          col("startedIso"),
          col("finishedAt"),
          col("durationMs"),
          col("template"),
          DOMAIN_TOKEN,
          STARTED_AT_TOKEN,
          `"${DURATION_TOKEN}"`,
          col("error"),
          o.daily ? "schedule" : "user",
          col("reportHash"),
          col("reportRefScanId"),
          col("overlay"),
        ],
      );
      const r = await c.query(
        `INSERT INTO "Finding" ("scanId", "domainId", "findingId", severity, host)
         SELECT u.id, u.domain_id, f.finding_id, f.severity, replace(f.host, $5, u.name)
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) WITH ORDINALITY AS u(id, domain_id, name, template, n)
           JOIN seed_template_finding f ON f.template = u.template
          ORDER BY u.n, f.ord`,
        [col("id"), col("domainId"), col("name"), col("findingTemplate"), DOMAIN_TOKEN],
      );
      findings += r.rowCount ?? 0;
      batch = [];
    };
    const flushWeeks = async () => {
      if (weeks.length === 0) return;
      await c.query(
        `INSERT INTO "DomainWeek" ("domainId", "weekStart", "workspaceId", "scanId", "finishedAt", grade, exposure, "mtaStsEnforce", "daneValid", "dmarcEnforce", "criticalCount")
         SELECT u.domain_id, u.week_start, $1, u.scan_id, u.finished_at, t.grade, t.exposure, t.mta_sts_enforce, t.dane_valid, t.dmarc_enforce, t.critical_count
           FROM unnest($2::uuid[], $3::date[], $4::uuid[], $5::timestamptz[], $6::int[]) AS u(domain_id, week_start, scan_id, finished_at, template)
           JOIN seed_template t ON t.id = u.template`,
        [workspaceId, weeks.map((w) => w.domainId), weeks.map((w) => w.weekStart), weeks.map((w) => w.scanId), weeks.map((w) => w.finishedAt), weeks.map((w) => w.template)],
      );
      domainWeeks += weeks.length;
      weeks = [];
    };

    const loadStart = performance.now();
    for (let i = 0; i < o.domains; i++) {
      const plan = planner.plan(i);
      const domainId = domainIds[i]!;
      const name = names[i]!;
      let lastDone: { scanId: string; finishedAt: string; template: number } | undefined;
      let previous: PreviousBody | undefined;
      let week: { key: string; scanId: string; finishedAt: string; template: number } | undefined;
      for (const s of plan) {
        const id = randomUUID();
        let template: number | null = null;
        let form: { reportHash: string | null; reportRefScanId: string | null; overlay: string | null } = { reportHash: null, reportRefScanId: null, overlay: null };
        if (!s.failed) {
          const t = await templates.get(s.posture);
          template = await uploadTemplate(t);
          doneScans++;
          if (forms) {
            const f = forms.formOf(previous, template, t, name);
            form = { ...f, overlay: f.reportRefScanId ? forms.overlayJson(template, t, ISO(s.startedAt), s.durationMs!) : null };
            previous = { template, hash: f.reportHash, bodyScanId: f.reportRefScanId ?? id };
          }
          if (form.overlay === null) bodies++;
          storedBytes += form.overlay === null ? t.bytes : Buffer.byteLength(form.overlay);
        } else failed++;
        const finishedAt = ISO(s.finishedAt);
        batch.push({
          id,
          domainId,
          name,
          status: s.failed ? "failed" : "done",
          requestedAt: ISO(s.requestedAt),
          startedAt: ISO(s.startedAt),
          startedIso: ISO(s.startedAt),
          finishedAt,
          durationMs: s.durationMs,
          template,
          error: s.failed,
          ...form,
          findingTemplate: form.overlay === null ? template : null,
        });
        scans++;
        if (template !== null) {
          lastDone = { scanId: id, finishedAt, template };
          // DomainWeek: the domain's last finished scan of each ISO week.
          const key = weekKey(s.finishedAt);
          if (week && week.key !== key) weeks.push({ domainId, weekStart: week.key, scanId: week.scanId, finishedAt: week.finishedAt, template: week.template });
          week = { key, scanId: id, finishedAt, template };
        }
        if (batch.length >= batchSize) await flushScans();
      }
      if (week) weeks.push({ domainId, weekStart: week.key, scanId: week.scanId, finishedAt: week.finishedAt, template: week.template });
      if (lastDone) latest.push({ domainId, ...lastDone });
      if (weeks.length >= batchSize) await flushWeeks();
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        const secs = (lastLog - loadStart) / 1000;
        log(`  scans ${scans}/${planned} (${((100 * scans) / planned).toFixed(0)}%), ${templateIds.size} report templates, ${bodies} report bodies, ${(scans / secs).toFixed(0)} scans/s`);
      }
    }
    await flushScans();
    await flushWeeks();
    log(`inserted ${scans} scans (${failed} failed, ${bodies} with a report body), ${findings} findings, ${domainWeeks} domain-weeks in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    // DomainLatest: each domain's newest finished scan, summarized by lib/report/summary.ts.
    for (let i = 0; i < latest.length; i += batchSize) {
      const part = latest.slice(i, i + batchSize);
      await c.query(
        `INSERT INTO "DomainLatest" ("domainId", "workspaceId", "scanId", "finishedAt", grade, score, exposure, "mtaStsMode", "daneState", "dmarcPolicy", "criticalCount", "highCount", "findingIds")
         SELECT u.domain_id, $1, u.scan_id, u.finished_at, t.grade, t.score, t.exposure, t.mta_sts_mode, t.dane_state, t.dmarc_policy, t.critical_count, t.high_count, t.finding_ids
           FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::int[]) AS u(domain_id, scan_id, finished_at, template)
           JOIN seed_template t ON t.id = u.template`,
        [workspaceId, part.map((l) => l.domainId), part.map((l) => l.scanId), part.map((l) => l.finishedAt), part.map((l) => l.template)],
      );
    }
    log(`inserted ${latest.length} DomainLatest rows`);

    await rollUpWorkspaceWeeks(c, workspaceId);

    const ixStart = performance.now();
    for (const ix of dropped) await c.query(ix.def);
    log(`rebuilt ${dropped.length} indexes in ${((performance.now() - ixStart) / 1000).toFixed(1)} s`);
    await c.query("COMMIT");

    // A long-running database has been vacuumed and analyzed by autovacuum; do it now so the
    // planner has statistics and index-only scans find an up-to-date visibility map.
    const vStart = performance.now();
    await c.query(`VACUUM (ANALYZE) "Domain", "Scan", "Finding", "DomainLatest", "DomainWeek", "WorkspaceWeek"`);
    log(`VACUUM ANALYZE in ${((performance.now() - vStart) / 1000).toFixed(1)} s`);

    return {
      workspaceId,
      domains: o.domains,
      scans,
      failedScans: failed,
      findings,
      domainWeeks,
      templates: templateIds.size,
      reportBodies: bodies,
      averageReportBytes: doneScans > 0 ? Math.round(storedBytes / doneScans) : 0,
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await c.end();
  }
}
