/**
 * The dashboard in a browser, against `next start` and scans of the loopback lab (domains.ts):
 * add a domain and a list, read a report, compare two scans after a zone change, copy and download
 * suggested files, filter the portfolio, and screenshot every main page at 1280 and 390 px into
 * tests/artifacts/ (git-ignored) for a human to look at.
 */
import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { AREAS } from "../../lib/report/areas";
import { countFindings } from "../../lib/report/summary";
import { verdictSentence } from "../../lib/report/verdict";
import { FINDING_CATALOGUE, isFindingId } from "../../lib/scan/findings";
import { normalizeDomain } from "../../lib/scan/normalize";
import type { ScanReport } from "../../lib/scan/types";
import { DASH, removeDomains, setZoneVariants, STRONG_MX } from "./domains";

const SHOTS = "tests/artifacts";
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };
const SCAN_TIMEOUT = 60_000;
/** A line of the pasted list that is not a domain (last, so it cannot pass for a CSV header row). */
const INVALID_LINE = "https://shop.example/";

test.describe.configure({ mode: "serial" });

/**
 * Full-page screenshots at both widths (tests/artifacts/dashboard-<name>-<width>.png), and the
 * page must not scroll sideways at 390 px (docs/ui.md §8: wide tables scroll inside their own box).
 */
async function shoot(page: Page, name: string): Promise<void> {
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    // From the top, so sticky rails sit where a reader first sees them.
    await page.evaluate(async () => {
      window.scrollTo(0, 0);
      await document.fonts.ready;
    });
    await page.screenshot({ path: `${SHOTS}/dashboard-${name}-${size.width}.png`, fullPage: true });
    if (size === NARROW) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize(WIDE);
}

type ScanItem = { id: string; status: string; grade: string | null };

/** The newest finished scan's report of a domain, through the JSON API. */
async function latestReport(request: APIRequestContext, domain: string): Promise<{ id: string; report: ScanReport }> {
  const list = await request.get(`/api/v1/domains/${domain}/scans`);
  expect(list.ok()).toBe(true);
  const done = ((await list.json()) as { data: ScanItem[] }).data.find((s) => s.status === "done");
  if (!done) throw new Error(`${domain} has no finished scan`);
  const res = await request.get(`/api/v1/scans/${done.id}`);
  expect(res.ok()).toBe(true);
  return { id: done.id, report: ((await res.json()) as { report: ScanReport }).report };
}

/** The value of a zone-file TXT line as suggested (`name. IN TXT "a" "b"` → `ab`). */
function txtValue(zoneLine: string): string {
  const strings = [...zoneLine.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1"));
  expect(strings.length, `a TXT zone-file line: ${zoneLine}`).toBeGreaterThan(0);
  return strings.join("");
}

const row = (page: Page, domain: string) => page.locator(`tr[data-domain="${domain}"]`);

test.beforeAll(async () => {
  await setZoneVariants({ drift: "before" });
});

test.afterAll(async () => {
  // The spec files share one database; foundation.spec.ts starts from an empty portfolio.
  await removeDomains(Object.values(DASH));
});

test("adding one domain scans it and shows its report: grade, verdict, exposure, areas, evidence, findings", async ({ page, request }) => {
  await page.setViewportSize(WIDE);
  await page.goto("/");
  await page.getByLabel("Domain name").fill(DASH.strong);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${DASH.strong}$`));
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: SCAN_TIMEOUT });

  const { report } = await latestReport(request, DASH.strong);
  // The lab makes this one well protected: MTA-STS enforce over loopback HTTPS, DANE in a signed zone.
  expect(report.grade).toMatch(/^A/);
  expect(report.checks.mtaSts.status).toBe("pass");
  expect(report.checks.dane.status).toBe("pass");

  const verdict = page.locator("section[aria-labelledby=verdict-h]");
  await expect(verdict.getByRole("img", { name: `Grade ${report.grade}, score ${report.score} of 100` })).toBeVisible();
  await expect(verdict.getByText(`Grade ${report.grade} · ${report.score}/100`)).toBeVisible();
  await expect(verdict.getByText(verdictSentence(report))).toBeVisible();

  const exposure = page.locator("#exposure");
  await expect(exposure.getByRole("heading", { name: "STARTTLS-stripping exposure" })).toBeVisible();
  await expect(exposure.getByText("Protected", { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await expect(exposure.getByRole("table").getByText(STRONG_MX)).toBeVisible();

  // The six area cards, in the fixed order, each with its status word.
  const cards = page.locator("section[aria-labelledby=areas-h] > section");
  await expect(cards).toHaveCount(AREAS.length);
  for (const [i, area] of AREAS.entries()) {
    await expect(cards.nth(i).getByRole("heading", { level: 3 })).toHaveText(area.title);
    await expect(cards.nth(i).getByText("Pass", { exact: true }).filter({ visible: true }).first()).toBeVisible();
  }

  // Evidence of a passing area starts closed; opening it shows the policy as fetched.
  const evidence = page.locator("#mta-sts details").filter({ has: page.locator("summary", { hasText: "Evidence" }) });
  await expect(evidence).not.toHaveAttribute("open");
  await evidence.locator("summary").click();
  await expect(evidence).toHaveAttribute("open");
  await expect(evidence.getByText("mode: enforce").filter({ visible: true }).first()).toBeVisible();

  // Every finding of the stored report is listed under Findings, by its catalogue title.
  const findings = page.locator("#findings");
  expect(report.findings.length).toBeGreaterThan(0);
  // One per finding (per host), the count the portfolio and the API show (lib/report/summary.ts).
  await expect(findings.getByRole("heading", { level: 2 })).toHaveText(`All findings (${countFindings(report.findings).total})`);
  for (const f of report.findings) {
    if (!isFindingId(f.id) || f.severity === "info") continue;
    const item = findings.locator("article").filter({ hasText: FINDING_CATALOGUE[f.id].title });
    await expect(item).toBeVisible();
    await expect(item).toContainText(f.id);
  }
  await shoot(page, "report");
});

test("adding a list reports every line, and says why the invalid one is not a domain", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Add a list" }).click();
  await page.getByLabel("Domains, one per line").fill([DASH.weak, DASH.drift, INVALID_LINE].join("\n"));
  await page.getByRole("button", { name: "Add 3 lines" }).click();
  await expect(page.getByText("Added 2 domains, 1 line is not a domain name. 2 scans queued.")).toBeVisible();

  const expected = normalizeDomain(INVALID_LINE);
  if (expected.ok) throw new Error(`${INVALID_LINE} should be invalid`);
  const invalid = page.locator("details", { has: page.locator("summary", { hasText: "Not a domain name (1)" }) });
  await expect(invalid).toHaveAttribute("open");
  const line = invalid.getByRole("listitem");
  await expect(line).toContainText("line 3");
  await expect(line).toContainText(INVALID_LINE);
  await expect(line).toContainText(expected.error);

  const added = page.locator("details", { has: page.locator("summary", { hasText: "Added (2)" }) });
  await added.locator("summary").click();
  for (const [i, domain] of [DASH.weak, DASH.drift].entries()) {
    await expect(added.getByRole("listitem").nth(i)).toContainText(`line ${i + 1}`);
    await expect(added.getByRole("listitem").nth(i)).toContainText(domain);
    await expect(added.getByRole("listitem").nth(i)).toContainText("scan queued");
  }

  // The rows leave "Queued…/Scanning…" on their own (the page refreshes while scans run).
  await page.goto("/");
  for (const domain of [DASH.weak, DASH.drift]) {
    await expect(row(page, domain).getByRole("img", { name: /^Grade [A-F]/ })).toBeVisible({ timeout: SCAN_TIMEOUT });
    await expect(row(page, domain)).not.toContainText(/Queued…|Scanning…/);
  }
});

test("portfolio filters by exposure and grade through its controls, and clears", async ({ page }) => {
  await page.goto("/");
  const mine = Object.values(DASH);
  for (const d of mine) await expect(row(page, d)).toBeVisible();
  const shown = async (domains: string[]) => {
    for (const d of mine) await expect(row(page, d)).toHaveCount(domains.includes(d) ? 1 : 0);
  };

  const bar = page.getByRole("search", { name: "Search and filter domains" });
  await bar.getByLabel("STARTTLS stripping").selectOption("exposed");
  await expect(page).toHaveURL(/exposure=exposed/);
  await shown([DASH.weak, DASH.drift]);

  await bar.getByLabel("STARTTLS stripping").selectOption("protected");
  await expect(page).toHaveURL(/exposure=protected/);
  await shown([DASH.strong]);

  // Protected and graded D or F: nothing matches, and the toolbar stays with a way out.
  await bar.getByLabel("Grade").selectOption("D,F");
  await expect(page).toHaveURL(/grade=D%2CF|grade=D,F/);
  await expect(page.getByText("No domains match.")).toBeVisible();
  await shown([]);

  await bar.getByLabel("STARTTLS stripping").selectOption("");
  await expect(page).not.toHaveURL(/exposure=/);
  await shown([DASH.weak, DASH.drift]);

  await bar.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/grade=/);
  await shown(mine);
  await expect(bar.getByLabel("Grade")).toHaveValue("");
  await shoot(page, "portfolio");
});

test("after a zone change and a rescan, history lists two scans and compare shows the change, older left", async ({ page, request }) => {
  const before = await latestReport(request, DASH.drift);
  expect(before.report.checks.dmarc.record).toContain("p=none");
  await setZoneVariants({ drift: "after" });

  await page.goto(`/domains/${DASH.drift}`);
  await page.getByRole("button", { name: "Rescan" }).click();
  // Said only by a panel that watched this scan finish (an earlier one may still read "Scan finished").
  await expect(page.getByText(/^Scan finished: grade .*The report below is updated\.$/)).toBeVisible({ timeout: SCAN_TIMEOUT });
  const after = await latestReport(request, DASH.drift);
  expect(after.id).not.toBe(before.id);
  expect(after.report.checks.dmarc.record).toContain("p=quarantine");
  await expect(page.getByText(`Scan finished: grade ${after.report.grade} (${after.report.score}/100), was ${before.report.grade}`)).toBeVisible();

  await page.getByRole("navigation", { name: "Domain pages" }).getByRole("link", { name: "History" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`History of ${DASH.drift}`);
  const scans = page.locator("li[data-scan-id]");
  await expect(scans).toHaveCount(2);
  // Newest first.
  await expect(scans.nth(0)).toHaveAttribute("data-scan-id", after.id);
  await expect(scans.nth(1)).toHaveAttribute("data-scan-id", before.id);
  await shoot(page, "history");

  for (const i of [0, 1]) await scans.nth(i).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Compare selected (2)" }).click();
  await expect(page).toHaveURL(/\/compare\?/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Compare scans of ${DASH.drift}`);

  const older = page.getByRole("region", { name: /^Before: scan of/ });
  const newer = page.getByRole("region", { name: /^After: scan of/ });
  await expect(older).toContainText(`Grade ${before.report.grade} · ${before.report.score}/100`);
  await expect(newer).toContainText(`Grade ${after.report.grade} · ${after.report.score}/100`);
  const [left, right] = [await older.boundingBox(), await newer.boundingBox()];
  expect(left!.x + left!.width).toBeLessThanOrEqual(right!.x);
  await expect(page.getByText(`Grade ${before.report.grade} → ${after.report.grade}`)).toBeVisible();

  // The record change itself: DMARC none → quarantine, and TLS-RPT published.
  const records = page.locator("section[aria-labelledby=records-h]").getByRole("table");
  const dmarc = records.getByRole("row").filter({ hasText: "quarantine" });
  await expect(dmarc).toHaveCount(1);
  await expect(dmarc).toContainText("Changed");
  await expect(dmarc.getByRole("cell").nth(1)).toContainText("none");
  await expect(dmarc.getByRole("cell").nth(2)).toContainText("quarantine");
  await expect(records.getByRole("row").filter({ hasText: "v=TLSRPTv1" })).toContainText("Added");
  await shoot(page, "compare");
});

test("fix page: a suggested record copies exactly, and mta-sts.txt downloads as text/plain", async ({ page, request, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const { report } = await latestReport(request, DASH.weak);
  const suggestions = report.suggestions!;
  expect(suggestions.mtaStsRecord).toBeTruthy();

  await page.goto(`/domains/${DASH.weak}/fix`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Suggested fixes for ${DASH.weak}`);

  const readClipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole("button", { name: "Copy value of _mta-sts TXT record" }).first().click();
  await expect(page.getByRole("button", { name: "Copy value of _mta-sts TXT record" }).first()).toHaveText("Copied");
  // One live region for the whole page announces it (docs/ui.md: copy feedback through a shared status region).
  await expect(page.locator("#copy-status")).toHaveText("Copy value of _mta-sts TXT record: copied");
  expect(await page.locator('[role="status"]').count()).toBeLessThan(5);
  expect(await readClipboard()).toBe(txtValue(suggestions.mtaStsRecord!));
  await page.getByRole("button", { name: "Copy mta-sts.txt", exact: true }).first().click();
  expect(await readClipboard()).toBe(suggestions.mtaStsPolicy);

  const link = page.getByRole("link", { name: "Download mta-sts.txt" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("mta-sts.txt");
  const text = fs.readFileSync((await download.path())!, "utf8");
  expect(text.startsWith("version: STSv1")).toBe(true);
  // It parses as a policy: key: value lines, mode and max_age once, an mx line per MX host.
  const fields = text.split(/\r?\n/).filter((l) => l !== "").map((l) => /^([a-z_]+):\s*(.+)$/.exec(l));
  expect(fields.every(Boolean), text).toBe(true);
  const values = (key: string) => fields.filter((m) => m![1] === key).map((m) => m![2]);
  expect(values("mode")).toHaveLength(1);
  expect(["enforce", "testing"]).toContain(values("mode")[0]);
  expect(Number(values("max_age")[0])).toBeGreaterThan(0);
  expect(values("mx")).toEqual(report.mx.map((h) => h.host));

  const res = await request.get((await link.getAttribute("href"))!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(res.headers()["content-disposition"]).toBe('attachment; filename="mta-sts.txt"');
  expect(await res.text()).toBe(text);
  await shoot(page, "fix");
});

test("trends and the scan queue render", async ({ page }) => {
  await page.goto("/trends");
  await expect(page.getByRole("heading", { level: 1, name: "Trends" })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("Something went wrong");
  await shoot(page, "trends");

  await page.goto("/scans");
  await expect(page.getByRole("heading", { level: 1, name: "Scans" })).toBeVisible();
  for (const d of Object.values(DASH)) await expect(page.getByRole("main").getByText(d).filter({ visible: true }).first()).toBeVisible();
  await shoot(page, "scans");
});
