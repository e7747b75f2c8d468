/**
 * One source of truth per fact, for every scenario of the test lab (tests/helpers/lab-scenarios.ts):
 * a second instance of the real app, with a database of its own, scans every lab domain through
 * its queue; then for each domain the report page's counts (headings, the "On this page" rail),
 * its area chips, its portfolio row and the JSON API all say what the stored report says, and every
 * record string the report lists as published (`checks.*.records`) appears in the page's evidence.
 *
 * The expectations come from the API's report through the same pure functions the pages use
 * (countFindings, areaSummary); the status words are written out here, as a reader sees them.
 */
import { writeFileSync } from "node:fs";
import net from "node:net";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, request as playwrightRequest, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { createDb } from "../../lib/db/client";
import { areaSummary } from "../../lib/report/area-facts";
import { AREAS } from "../../lib/report/areas";
import { countFindings } from "../../lib/report/summary";
import type { CheckStatus, ScanReport } from "../../lib/scan/types";
import { systemScope } from "../../lib/services/access/scope";
import { createApiToken } from "../../lib/services/api-tokens/tokens";
import { getDefaultWorkspace } from "../../lib/services/workspaces";
import { LAB_SCENARIOS } from "../helpers/lab-scenarios";
import { pdfPageTexts, rasterisePage, requirePoppler, rightmostWordShare, squeeze } from "../helpers/pdf-tools";
import { startScript, stopProcess, type Proc } from "../helpers/processes";
import { startScenarioLab, type Scenario, type ScenarioLab } from "../helpers/scenario-lab";

test.describe.configure({ mode: "serial" });

const SETUP_LINK = /http:\/\/localhost:\d+\/setup\/setup_[A-Za-z0-9_-]{43}/;
const OWNER = { name: "Cora Consistent", email: "cora@example.test", password: "consistency password 123" };
/** The word each check status shows on a chip (docs/ui.md §3). */
const STATUS_WORD: Record<CheckStatus, string> = { pass: "Pass", warn: "Warning", fail: "Fail", missing: "Missing", error: "Inconclusive", "n/a": "Not applicable" };
const RECORD_CHECKS = ["mtaSts", "tlsRpt", "dmarc", "spf"] as const;
/** Outside every zone of the lab: the resolver refuses every lookup of it (issue 13 item 2). */
const UNSERVED = "unserved.nowhere-lab.test";
/** Issue 13 item 3: two DMARC records, two SPF records — the evidence shows both, never "no record". */
const EXTRA_SCENARIOS: Scenario[] = [
  { domain: "two-dmarc.test", mx: [{ host: "mx1.two-dmarc.test", variant: "valid" }], records: [{ name: "_dmarc", type: "TXT", data: "v=DMARC1; p=none; rua=mailto:second@two-dmarc.test" }] },
  { domain: "two-spf.test", mx: [{ host: "mx1.two-spf.test", variant: "valid" }], records: [{ name: "@", type: "TXT", data: "v=spf1 ip4:192.0.2.0/24 ~all" }] },
];
const SCENARIOS: Scenario[] = [...LAB_SCENARIOS, ...EXTRA_SCENARIOS];

let lab: ScenarioLab;
let app: Proc;
let base = "";
let dbUrl = "";
let adminUrl = "";
let context: BrowserContext;
let page: Page;
let api: APIRequestContext;
const reports = new Map<string, ScanReport>();

/** Keeps a printed PDF beside the test's other output (test-results/), for a look. */
function writePdf(file: string, pdf: Buffer): string {
  writeFileSync(file, pdf);
  return file;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function sql(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(600_000);
  lab = await startScenarioLab(SCENARIOS, { smtpDeadlines: { greetingMs: 3_000 } });
  const url = new URL(process.env.E2E_DATABASE_URL!);
  const name = `mp_e2e_consistency_${randomBytes(4).toString("hex")}`;
  url.pathname = "/postgres";
  adminUrl = url.toString();
  await sql(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  dbUrl = url.toString();

  const port = await freePort();
  const quotas = { MAILPOSTURE_SCAN_QUOTA_PER_MINUTE: "5000", MAILPOSTURE_SCAN_QUOTA_PER_DAY: "100000", MAILPOSTURE_RESCAN_REUSE_SECONDS: "0" };
  app = await startScript("start", { ...lab.env, ...quotas, DATABASE_URL: dbUrl, PORT: String(port) }, SETUP_LINK, 300_000, {
    unset: ["HOST", "MAILPOSTURE_URL", "MAILPOSTURE_SECRET", "MAILPOSTURE_OIDC_ISSUER"],
  });
  base = `http://localhost:${port}`;

  // The owner signs up through the printed link, as on any new install.
  context = await browser.newContext({ baseURL: base, storageState: { cookies: [], origins: [] } });
  page = await context.newPage();
  await page.goto(SETUP_LINK.exec(app.output())![0]);
  await page.getByLabel("Name").fill(OWNER.name);
  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Domains/ })).toBeVisible();

  const db = createDb(dbUrl, 1);
  let token: string;
  try {
    const workspace = await getDefaultWorkspace(db);
    token = (await createApiToken(systemScope(workspace.id, { kind: "cli", name: "consistency" }), { name: "consistency", scope: "write" }, db)).token;
  } finally {
    await db.$disconnect();
  }
  // No cookies: the runner's signed-in state is for localhost, which cookies share across ports.
  api = await playwrightRequest.newContext({ baseURL: base, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  // Every scenario through the app's queue and worker, as a user's "add" does.
  for (const s of [...SCENARIOS, { domain: UNSERVED }]) {
    const res = await api.post("/api/v1/domains", { data: { domain: s.domain } });
    expect(res.status(), `${s.domain}: ${await res.text()}`).toBe(201);
  }
  await expect
    .poll(
      async () => {
        const list = (await (await api.get("/api/v1/domains?per_page=500")).json()) as { data: { lastScan: unknown }[] };
        return list.data.filter((d) => d.lastScan !== null).length;
      },
      { timeout: 300_000, intervals: [1_000] },
    )
    .toBe(SCENARIOS.length + 1);
  for (const s of [...SCENARIOS, { domain: UNSERVED }]) {
    const scans = (await (await api.get(`/api/v1/domains/${s.domain}/scans`)).json()) as { data: { id: string; status: string }[] };
    const done = scans.data.find((x) => x.status === "done");
    expect(done, `${s.domain}: a finished scan`).toBeTruthy();
    const body = (await (await api.get(`/api/v1/scans/${done!.id}`)).json()) as { report: ScanReport };
    reports.set(s.domain, body.report);
  }
});

test.afterAll(async () => {
  await api?.dispose();
  await context?.close();
  if (app) await stopProcess(app);
  await lab?.close();
  if (dbUrl) await sql(`DROP DATABASE IF EXISTS ${new URL(dbUrl).pathname.slice(1)} WITH (FORCE)`);
});

for (const scenario of SCENARIOS) {
  test(`${scenario.domain}: report page, area chips, portfolio row and API agree with the stored report`, async () => {
    const domain = scenario.domain;
    const report = reports.get(domain)!;
    const counts = countFindings(report.findings);
    expect(counts.total).toBe(report.findings.length);

    await page.goto(`/domains/${domain}`);
    const findings = page.locator("#findings");
    if (counts.total > 0) await expect(findings.getByRole("heading", { level: 2 })).toHaveText(`All findings (${counts.total})`);
    await expect(page.getByRole("navigation", { name: "On this page" }).getByRole("link", { name: /^Findings/ })).toHaveText(`Findings (${counts.total})`);
    for (const [sev, title] of [["critical", "Critical"], ["high", "High"], ["medium", "Medium"], ["low", "Low"]] as const) {
      const heading = findings.getByRole("heading", { level: 3, name: new RegExp(`^${title} \\(`) });
      if (counts.bySeverity[sev] === 0) await expect(heading).toHaveCount(0);
      else await expect(heading).toHaveText(`${title} (${counts.bySeverity[sev]})`);
    }

    // One chip per area, with the one "area status" of lib/report/area-facts.ts.
    const chips = page.getByRole("navigation", { name: "Areas" }).getByRole("link");
    await expect(chips).toHaveCount(AREAS.length);
    for (const [i, meta] of AREAS.entries()) {
      const status = areaSummary(report, meta.key, new Date()).status;
      await expect(chips.nth(i), `${meta.title} chip`).toContainText(meta.title);
      await expect(chips.nth(i), `${meta.title} chip`).toContainText(STATUS_WORD[status]);
    }

    // Every record as published is shown in the evidence, in full (hidden panels included).
    const text = (await page.locator("main").textContent()) ?? "";
    for (const check of RECORD_CHECKS) {
      for (const record of report.checks[check].records ?? []) expect(text, `${check} record of ${domain}`).toContain(record);
    }

    // The portfolio row and the API's domain object say the same.
    const list = (await (await api.get("/api/v1/domains?per_page=500")).json()) as {
      data: { name: string; grade: string | null; score: number | null; notGraded: string | null; criticalCount: number; highCount: number }[];
    };
    const row = list.data.find((d) => d.name === domain)!;
    expect({ critical: row.criticalCount, high: row.highCount }).toEqual({ critical: counts.bySeverity.critical, high: counts.bySeverity.high });
    expect(row.notGraded).toBe(report.notGraded ?? null);
    if (!report.notGraded) expect({ grade: row.grade, score: row.score }).toEqual({ grade: report.grade, score: report.score });

    await page.goto(`/?q=${encodeURIComponent(domain)}`);
    const tr = page.locator(`tr[data-domain="${domain}"]`);
    const badge = report.notGraded ? `Not graded: ${report.notGraded}` : `Grade ${report.grade}, score ${report.score} of 100`;
    await expect(tr.getByRole("img", { name: badge })).toBeVisible();
    await expect(tr).toContainText(`${counts.bySeverity.critical} critical, ${counts.bySeverity.high} high`);
  });
}

/**
 * Issue 13's defects, each in the rendered page of the scenario that showed it (and in the JSON
 * where the defect was there too): what the report says now, and that the old wording is gone.
 */
test.describe("report truth, defect by defect", () => {
  /** The portfolio row's cells, in the table's order for an owner: select, grade, trend, exposure, MTA-STS, DANE, DMARC. */
  async function cell(domain: string, index: number): Promise<string> {
    await page.goto(`/?q=${encodeURIComponent(domain)}`);
    return (await page.locator(`tr[data-domain="${domain}"] td`).nth(index).innerText()).trim();
  }

  test("item 2: a domain none of whose lookups succeeded is not graded, not A+", async () => {
    const report = reports.get(UNSERVED)!;
    expect(report.notGraded).toMatch(/lookup/);
    await page.goto(`/domains/${UNSERVED}`);
    await expect(page.getByRole("status").filter({ hasText: `Not graded: ${report.notGraded}` })).toBeVisible();
    await expect(page.getByText(/^Grade A\+/)).toHaveCount(0);
    const row = ((await (await api.get("/api/v1/domains?per_page=500")).json()) as { data: { name: string; grade: string | null; notGraded: string | null }[] }).data.find((d) => d.name === UNSERVED)!;
    expect(row).toMatchObject({ grade: null, notGraded: report.notGraded });
  });

  test("item 3: two DMARC records and two SPF records are shown, both, with the finding that says so", async () => {
    const dmarc = reports.get("two-dmarc.test")!;
    expect(dmarc.checks.dmarc.records).toHaveLength(2);
    await page.goto("/domains/two-dmarc.test");
    await expect(page.getByRole("navigation", { name: "Areas" })).toBeVisible();
    let text = (await page.locator("main").textContent()) ?? "";
    for (const r of dmarc.checks.dmarc.records!) expect(text).toContain(r);
    expect(text).not.toContain("No v=DMARC1 record");

    const spf = reports.get("two-spf.test")!;
    expect(spf.checks.spf.records).toHaveLength(2);
    expect(spf.findings.map((f) => f.id)).toContain("spf-multiple");
    await page.goto("/domains/two-spf.test");
    await expect(page.getByRole("navigation", { name: "Areas" })).toBeVisible();
    text = (await page.locator("main").textContent()) ?? "";
    for (const r of spf.checks.spf.records!) expect(text).toContain(r);
    expect(text).not.toContain("No v=spf1 TXT record");
  });

  test("items 3 and 4: DNSSEC bogus — MTA-STS inconclusive without 'no record', and a Fix page that names the break", async () => {
    const report = reports.get("bogus.test")!;
    expect(report.findings.map((f) => f.id)).toContain("dnssec-bogus");
    await page.goto("/domains/bogus.test");
    const chips = page.getByRole("navigation", { name: "Areas" }).getByRole("link");
    await expect(chips.filter({ hasText: "MTA-STS" })).toContainText("Inconclusive");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).not.toContain("No v=STSv1 TXT record");

    await page.goto("/domains/bogus.test/fix");
    await expect(page.getByRole("heading", { name: /Repair DNSSEC validation/ })).toBeVisible();
    const fix = (await page.locator("main").textContent()) ?? "";
    expect(fix).not.toContain("Nothing to publish");
    expect(fix).not.toContain("is not DNSSEC-signed");
    expect(fix).not.toContain("No MX host presented a certificate");
  });

  test("item 6: portfolio cells — an enforced policy that fails is not a green 'enforce'; DMARC that could not be checked is not 'invalid'", async () => {
    expect(await cell("partial-policy.test", 4)).toBe("enforce · MX not covered");
    expect(await cell("policy-cert.test", 4)).not.toBe("enforce");
    expect(await cell("protected.test", 4)).toBe("enforce");
    expect(await cell("bogus.test", 6)).toBe("not checked");
  });

  test("item 7: a certificate that expires within days is due — at the top of Fix first with its date; its severity stays the catalogue's", async () => {
    const report = reports.get("weak.test")!;
    const expiring = report.findings.find((f) => f.id === "cert-expiring-soon")!;
    expect(expiring.severity).toBe("low");
    const cert = report.mx.find((m) => m.host === expiring.host)!.endpoints[0]!.certificate!;
    const days = Math.floor((Date.parse(cert.notAfter) - Date.now()) / 86_400_000);
    expect(days).toBeLessThanOrEqual(7);
    await page.goto("/domains/weak.test");
    const first = page.locator("#fix-first li").first();
    await expect(first).toContainText("MX certificate expires within 14 days");
    await expect(first).toContainText(new RegExp(`expires in ${days} days? \\(\\d{1,2} [A-Z][a-z]{2} \\d{4}\\): renew now`));
  });

  test("item 8: signed, usable TLSA on an MX that refuses every connection is inconclusive, never pass", async () => {
    const report = reports.get("dane-unreached.test")!;
    expect(report.checks.dane.status).toBe("error");
    await page.goto("/domains/dane-unreached.test");
    await expect(page.getByRole("navigation", { name: "Areas" }).getByRole("link").filter({ hasText: "DANE" })).toContainText("Inconclusive");
    expect((await page.locator("main").textContent()) ?? "").not.toContain("authenticated, usable and matching");
  });

  test("item 9: a TLSA draft for an unsigned zone gets one verdict: ignored, not 'would fail'", async () => {
    await page.goto("/domains/testing.test/fix");
    await page.getByText("TLSA records", { exact: true }).click();
    await page.getByRole("textbox").last().fill(`_25._tcp.mx1.testing.test. IN TLSA 3 1 1 ${"ab".repeat(32)}`);
    await page.getByRole("button", { name: "Check draft" }).click();
    const result = page.getByRole("region", { name: "Result" });
    await expect(result).toContainText("senders ignore TLSA records");
    await expect(result).not.toContainText("would not deliver");
  });

  /**
   * Page budgets: a one-MX domain with a policy, and weak.test — five MX hosts with certificate
   * findings of every kind, the longest evidence tables of the lab. (The client-ready document is
   * the PDF download, ≤ 4 pages; this is the browser's own print of the full page, evidence open.)
   */
  for (const [domain, maxPages] of [["protected.test", 5], ["weak.test", 9]] as const)
    test(`item 10: the browser's print of ${domain} is usable for a client`, async () => {
    requirePoppler();
    const report = reports.get(domain)!;
    await page.goto(`/domains/${domain}`);
    await expect(page.getByRole("navigation", { name: "Areas" })).toBeVisible();
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await test.info().attach(`${domain}-print.pdf`, { path: writePdf(test.info().outputPath(`${domain}-print.pdf`), pdf), contentType: "application/pdf" });
    const pages = pdfPageTexts(pdf);
    for (let i = 1; i <= pages.length; i++) rasterisePage(pdf, i, test.info().outputPath(`${domain}-print-${i}.png`));

    // It was 11 A4 pages with page 2 nearly blank (a table that jumped to the next page).
    expect(pages.length, "printed pages").toBeLessThanOrEqual(maxPages);
    const sizes = pages.map((t) => squeeze(t).length);
    const full = sizes.slice(0, -1);
    const mean = full.reduce((a, b) => a + b, 0) / Math.max(1, full.length);
    full.forEach((n, i) => expect(n, `text on page ${i + 1} of ${pages.length} (mean ${Math.round(mean)})`).toBeGreaterThan(mean * 0.35));

    // The full width of the paper is used (it left ~30 % empty), and nothing runs past the right
    // margin (12 mm of 210 mm: 94.3 % of the width; glyph boxes of right-aligned text overshoot it a little).
    const right = rightmostWordShare(pdf);
    expect(right).toBeGreaterThan(0.85);
    expect(right).toBeLessThanOrEqual(0.95);

    // No address of the server that printed it (the browser's own footer showed http://localhost:…).
    const text = pages.join("\n");
    expect(text).not.toMatch(/localhost|127\.0\.0\.1/);

    // Names never break mid-word: every host and certificate name the page shows is whole on paper
    // as often as on the page.
    // From here the page's text is what a sighted reader sees: screen-reader-only captions and
    // labels are laid out 1 px wide and clipped, so they are not on paper (the next test navigates
    // away, which drops this style).
    await page.addStyleTag({ content: ".sr-only { display: none !important; }" });
    const shown = await page.locator("main").innerText();
    const names = new Set<string>();
    for (const mx of report.mx) {
      names.add(mx.host);
      for (const e of mx.endpoints) for (const san of e.certificate?.san ?? []) names.add(san);
    }
    const count = (hay: string, needle: string) => hay.split(needle).length - 1;
    for (const name of names) {
      const onPage = count(shown, name);
      if (onPage > 0) expect(count(text, name), `"${name}" whole on paper`).toBeGreaterThanOrEqual(onPage);
    }

    // A table row is never split across pages: every word of a row is on one page. (A row that
    // breaks is on two pages, and its words on neither.)
    const rows = await page.locator("main table tbody tr").evaluateAll((trs) =>
      trs
        // Rows that are laid out on paper (a table inside a hidden block is not printed at all).
        .filter((tr) => tr.getClientRects().length > 0)
        .map((tr) => [...tr.children].flatMap((cell) => (cell as HTMLElement).innerText.split(/\s+/)).filter((w) => w.length > 0)),
    );
    // Digests may break anywhere on paper (app/print.css), so their pieces are not words to look for.
    const digest = /^[0-9a-f]{16,}$/i;
    expect(rows.length).toBeGreaterThan(5);
    // Long tokens (OpenSSL errors, cipher suites) may wrap inside a cell; the page's text without
    // whitespace rejoins them. Names are held to "whole" above.
    const squeezed = pages.map((t) => squeeze(t));
    for (const words of rows) {
      const home = squeezed.findIndex((page) => words.every((w) => digest.test(w) || page.includes(w)));
      expect(home, `row "${words.join(" ")}" on one page`).toBeGreaterThanOrEqual(0);
    }
    await page.emulateMedia({ media: "screen" });
  });
});
