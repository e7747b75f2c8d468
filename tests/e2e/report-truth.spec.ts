import { expect, test } from "@playwright/test";
import { consequenceOf } from "../../lib/report/consequences";
import { countFindings } from "../../lib/report/summary";
import { verdictSentence } from "../../lib/report/verdict";
import type { ScanReport } from "../../lib/scan/types";
import { DASH, removeDomains } from "./domains";

/**
 * Issue 13 item 11 over real HTTP (tests/integration/api/malformed-paths.test.ts checks the same
 * wiring without a server): the favicon exists, names and ids that mean nothing answer 404 (never
 * 200 or 500), and malformed percent-escapes never reach a 500.
 */
test("the app has an icon", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
  expect(href, "a <link rel=icon> in the page head").toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/(svg\+xml|x-icon|vnd\.microsoft\.icon|png)/);
});

test("/favicon.ico is served", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
});

test("an unknown pinned scan id answers 404", async ({ request }) => {
  const res = await request.get(`/domains/${DASH.strong}/scans/00000000-0000-4000-8000-000000000000`);
  expect(res.status()).toBe(404);
  expect((await request.get(`/domains/${DASH.strong}/scans/not-a-uuid`)).status()).toBe(404);
});

for (const path of ["/domains/%00", "/domains/%ff%fe", "/domains/%00/history"]) {
  test(`${path} answers 404, not 500`, async ({ request }) => {
    expect((await request.get(path)).status()).toBe(404);
  });
}

for (const path of ["/api/v1/domains/%ff%fe/scans", "/api/v1/domains/%00/scans", "/api/v1/scans/%ff"]) {
  test(`${path} answers a clean 400/404 in the API's error shape`, async ({ request }) => {
    const res = await request.get(path);
    expect([400, 404]).toContain(res.status());
    if (res.headers()["content-type"]?.startsWith("application/json")) expect(await res.json()).toHaveProperty("code");
  });
}

/**
 * Issue 13 items 5 and 7 in the browser: the headline leads with the consequence and names its cause,
 * and every count — report headings, the rail, the API's portfolio counters — is the one count of
 * lib/report/summary.ts, equal to the findings the JSON report holds.
 */
test.describe("one source of truth per fact", () => {
  const domain = DASH.weak;
  test.beforeAll(async () => removeDomains([domain]));
  test.afterAll(async () => removeDomains([domain]));

  test("headline and counts agree with the stored report and the API", async ({ page, request }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/");
    await page.getByLabel("Domain name").fill(domain);
    await page.getByRole("button", { name: "Add and scan" }).click();
    await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: 60_000 });

    const scans = (await (await request.get(`/api/v1/domains/${domain}/scans`)).json()) as { data: { id: string; status: string }[] };
    const done = scans.data.find((x) => x.status === "done")!;
    const { report } = (await (await request.get(`/api/v1/scans/${done.id}`)).json()) as { report: ScanReport };
    const counts = countFindings(report.findings);
    expect(counts.total).toBe(report.findings.length);

    // The weak lab domain has no MTA-STS, no DANE and DMARC p=none: nothing refuses its mail, so the
    // headline names a transport or spoofing consequence with its cause, never a bare severity.
    const sentence = verdictSentence(report);
    expect(sentence).toMatch(/^(An attacker on the network path can read or change mail to|Anyone can send mail that claims to come from) weak\.dash-lab\.test: \S/);
    expect(report.findings.some((f) => consequenceOf(f) === "mail-refused")).toBe(false);
    await expect(page.locator("section[aria-labelledby=verdict-h]").getByText(sentence)).toBeVisible();

    const findings = page.locator("#findings");
    await expect(findings.getByRole("heading", { level: 2 })).toHaveText(`All findings (${counts.total})`);
    await expect(page.getByRole("navigation", { name: "On this page" }).getByRole("link", { name: /^Findings/ })).toHaveText(`Findings (${counts.total})`);
    for (const [sev, title] of [["critical", "Critical"], ["high", "High"], ["medium", "Medium"], ["low", "Low"]] as const) {
      const heading = findings.getByRole("heading", { level: 3, name: new RegExp(`^${title} \\(`) });
      if (counts.bySeverity[sev] === 0) {
        await expect(heading).toHaveCount(0);
        continue;
      }
      await expect(heading).toHaveText(`${title} (${counts.bySeverity[sev]})`);
      // What is listed under the heading adds up to its count: one per host, or one for a domain-wide finding.
      const listed = await findings.locator(`[data-testid=findings-${sev}] article [data-finding-instance]`).count();
      expect(listed, `${title} findings listed`).toBe(counts.bySeverity[sev]);
    }

    const list = (await (await request.get("/api/v1/domains?per_page=500")).json()) as { data: { name: string; criticalCount: number; highCount: number }[] };
    const row = list.data.find((d) => d.name === domain)!;
    expect({ critical: row.criticalCount, high: row.highCount }).toEqual({ critical: counts.bySeverity.critical, high: counts.bySeverity.high });
  });
});

/**
 * Issue 13 item 1 in the browser: a domain that does not exist (NXDOMAIN inside a served zone) gets
 * no grade — the report, the portfolio row and the API say "not graded" with the reason, and none
 * of them shows a letter — and it can be deleted.
 */
test.describe("a domain that does not exist", () => {
  const domain = `gone.${DASH.strong}`;
  test.beforeAll(async () => removeDomains([domain]));
  test.afterAll(async () => removeDomains([domain]));

  test("is not graded in the report, the portfolio and the API, and can be deleted", async ({ page, request }) => {
    await page.goto("/");
    await page.getByLabel("Domain name").fill(domain);
    await page.getByRole("button", { name: "Add and scan" }).click();
    await expect(page.getByText("Scan finished: not graded (the domain does not exist (NXDOMAIN))")).toBeVisible({ timeout: 60_000 });

    const reason = "the domain does not exist (NXDOMAIN)";
    await page.goto(`/domains/${domain}`);
    await expect(page.getByRole("status").filter({ hasText: `Not graded: ${reason}` })).toBeVisible();
    await expect(page.getByRole("img", { name: `Not graded: ${reason}` })).toBeVisible();
    await expect(page.getByText(/^Grade [A-F]/)).toHaveCount(0);

    const list = (await (await request.get("/api/v1/domains?per_page=500")).json()) as { data: { name: string; grade: string | null; score: number | null; notGraded: string | null }[] };
    expect(list.data.find((d) => d.name === domain)).toMatchObject({ grade: null, score: null, notGraded: reason });
    const scans = (await (await request.get(`/api/v1/domains/${domain}/scans`)).json()) as { data: { status: string; grade: string | null; notGraded: string | null }[] };
    expect(scans.data[0]).toMatchObject({ status: "done", grade: null, notGraded: reason });

    await page.goto(`/?q=${domain}`);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: domain }) });
    await expect(row.getByRole("img", { name: `Not graded: ${reason}` })).toBeVisible();

    // Defect 1 also said such a domain could not be removed: the report's Delete domain does it.
    await page.goto(`/domains/${domain}`);
    await page.getByRole("link", { name: "Delete domain" }).click();
    await page.getByRole("button", { name: `Delete ${domain} and its 1 scan` }).click();
    await expect(page).toHaveURL(/\/\?deleted=1$/);
    expect((await page.goto(`/domains/${domain}`))?.status()).toBe(404);
  });
});
