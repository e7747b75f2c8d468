/**
 * Reports from the senders, in the browser: a TLS-RPT and a DMARC aggregate report uploaded on
 * /settings/reports are stored and processed by the app's own ingest runner; the domain's report
 * and senders pages show them, an organisation name carrying markup and a spreadsheet formula is
 * shown as text (nothing runs), the CSV download keeps the formula inert, and the populated senders
 * page has no WCAG A/AA violation.
 */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { dmarcXml, tlsRptJson } from "../integration/ingest/fixtures";
import { violations } from "./axe";
import { DASH, removeDomains, STRONG_MX } from "./domains";

const DOMAIN = DASH.strong;
const HOSTILE_ORG = `=HYPERLINK("http://evil.test","x") <img src=x onerror="window.__xss=1">`;

test.describe.configure({ mode: "serial" });
test.use({ bypassCSP: true });

test.beforeAll(async () => removeDomains([DOMAIN]));
test.afterAll(async () => removeDomains([DOMAIN]));

test("uploaded reports reach the senders pages as text, the CSV keeps a formula inert, and the page passes axe", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Domain name").fill(DOMAIN);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: 60_000 });

  // Yesterday (UTC), so the reports fall inside the pages' 30-day window whenever this runs.
  const day = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1));
  const tls = tlsRptJson({ domain: DOMAIN, org: HOSTILE_ORG, reportId: "e2e-tls-1", start: day.toISOString().replace(".000Z", "Z"), success: 97, failures: [{ type: "starttls-not-supported", sessions: 3, mx: STRONG_MX }] });
  const dmarc = dmarcXml({
    domain: DOMAIN,
    org: "dmarc.sender.example",
    reportId: "e2e-dmarc-1",
    begin: day.getTime() / 1000,
    rows: [
      { ip: "192.0.2.44", count: 40, dkim: "pass", spf: "pass" },
      { ip: "203.0.113.9", count: 2, dkim: "fail", spf: "fail" },
    ],
  });

  await page.goto("/settings/reports");
  await page.locator("input[type=file][name=files]").setInputFiles([
    { name: "tls-report.json", mimeType: "application/json", buffer: Buffer.from(tls) },
    { name: "dmarc-report.xml", mimeType: "text/xml", buffer: Buffer.from(dmarc) },
  ]);
  await page.getByRole("button", { name: "Upload" }).click();
  const outcomes = page.getByTestId("upload-outcomes");
  await expect(outcomes).toContainText("tls-report.json: received");
  await expect(outcomes).toContainText("dmarc-report.xml: received");

  // The ingest runner parses them on the queue: reload until both are stored.
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("raw-reports").getByRole("cell", { name: /^Stored$/ }).count();
      },
      { timeout: 60_000, intervals: [500, 1_000] },
    )
    .toBe(2);
  await expect(page.getByTestId("raw-reports")).toContainText(HOSTILE_ORG);

  await page.goto(`/domains/${DOMAIN}`);
  await expect(page.getByRole("heading", { name: "What senders saw" })).toBeVisible();

  await page.goto(`/domains/${DOMAIN}/senders`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`What senders saw for ${DOMAIN}`);
  await expect(page.getByText(HOSTILE_ORG).first()).toBeVisible();
  await expect(page.getByText("203.0.113.9").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download the reports of the last 90 days/ }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${DOMAIN.replace(/\./g, "\\.")}-sender-reports-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^Kind,Organisation,Report id,/);
  // The apostrophe keeps a spreadsheet from running the formula; quotes are doubled (RFC 4180).
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""x"") <img src=x onerror=""window.__xss=1"">"`);
  expect(csv).toMatch(/^DMARC,dmarc\.sender\.example,e2e-dmarc-1,.*,upload,yes,no,,,42,2$/m);

  expect(await violations(page)).toEqual([]);
});
