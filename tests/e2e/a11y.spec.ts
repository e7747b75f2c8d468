/**
 * Accessibility over every page (issue 13): axe-core's WCAG 2.x A/AA rules report no violation on
 * the portfolio, a domain report, history, compare, fix, trends, scans, a pinned scan, the events
 * timelines, the settings pages and the 404 page. axe's own script is injected into the page; the app's nonce-based CSP would refuse an inline
 * script, so this spec's browser context bypasses CSP (tests/e2e/hardening.spec.ts checks the CSP).
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createDb } from "../../lib/db/client";
import { createShareLink } from "../../lib/services/sharing/share-links";
import { violations } from "./axe";
import { DASH, removeDomains } from "./domains";
import { ownerWorkspaceScope } from "./scope";

const SCAN_TIMEOUT = 60_000;
const DOMAIN = DASH.weak;

test.describe.configure({ mode: "serial" });
test.use({ bypassCSP: true });

type ScanItem = { id: string; status: string };

async function finishedScans(request: APIRequestContext, domain: string): Promise<string[]> {
  const res = await request.get(`/api/v1/domains/${domain}/scans`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { data: ScanItem[] }).data.filter((s) => s.status === "done").map((s) => s.id);
}

test.beforeAll(async () => {
  await removeDomains([DOMAIN]);
});

test.afterAll(async () => {
  // The spec files share one database; foundation.spec.ts starts from an empty portfolio.
  await removeDomains([DOMAIN]);
});

test("every page has no WCAG A/AA violation", async ({ page, request }) => {
  await page.goto("/");
  await page.getByLabel("Domain name").fill(DOMAIN);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${DOMAIN}$`));
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: SCAN_TIMEOUT });
  // A second scan, so history and compare have two to show.
  await page.getByRole("button", { name: "Rescan" }).click();
  await expect.poll(async () => (await finishedScans(request, DOMAIN)).length, { timeout: SCAN_TIMEOUT }).toBeGreaterThanOrEqual(2);
  const [newest, older] = await finishedScans(request, DOMAIN);

  const pages: [string, string][] = [
    ["/", "portfolio"],
    [`/domains/${DOMAIN}`, "domain report"],
    [`/domains/${DOMAIN}/history`, "history"],
    [`/domains/${DOMAIN}/compare?a=${older}&b=${newest}`, "compare"],
    [`/domains/${DOMAIN}/fix`, "fix"],
    ["/trends", "trends"],
    ["/scans", "scans"],
    [`/domains/${DOMAIN}/scans/${newest}`, "pinned scan"],
    ["/events", "events"],
    [`/domains/${DOMAIN}/events`, "domain events"],
    [`/domains/${DOMAIN}/senders`, "senders (no reports yet)"],
    ["/settings", "settings"],
    ["/settings/alerts", "alert settings"],
    ["/settings/members", "members"],
    ["/settings/share-links", "share links"],
    ["/settings/tokens", "API tokens"],
    ["/settings/reports", "sender reports"],
    ["/settings/audit", "audit log"],
    ["/account", "account"],
    ["/workspaces/new", "new workspace"],
    ["/delete?domain=" + DOMAIN, "delete confirmation"],
    ["/no-such-page", "404"],
  ];
  // Every page is checked before the verdict, so one run names every violation.
  const found: string[] = [];
  for (const [url, what] of pages) {
    const res = await page.goto(url);
    expect(res?.status(), what).toBe(what === "404" ? 404 : 200);
    await page.evaluate(() => document.fonts.ready);
    found.push(...(await violations(page)).map((v) => `${what}: ${v}`));
  }
  // What a signed-out visitor sees: the sign-in page and a shared report.
  const db = createDb(process.env.E2E_DATABASE_URL!, 1);
  const link = await createShareLink(await ownerWorkspaceScope(db), { domain: DOMAIN, expiresInDays: 1 }, db).finally(() => db.$disconnect());
  const strangerContext = await page.context().browser()!.newContext({ storageState: { cookies: [], origins: [] }, baseURL: process.env.E2E_BASE_URL, bypassCSP: true });
  const stranger = await strangerContext.newPage();
  for (const [url, what] of [["/sign-in", "sign-in"], [new URL(link.url).pathname, "shared report"]] as const) {
    const res = await stranger.goto(url);
    expect(res?.status(), what).toBe(200);
    await stranger.evaluate(() => document.fonts.ready);
    found.push(...(await violations(stranger)).map((v) => `${what}: ${v}`));
  }
  await strangerContext.close();
  expect(found, "axe violations").toEqual([]);
});

test("focus moves to the outcome of Add and scan, Add N lines and Check draft", async ({ page }) => {
  await page.goto("/");
  // An invalid name: the error takes focus.
  await page.getByLabel("Domain name").fill("not a domain");
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page.locator("#domain-error")).toBeFocused();

  await page.getByRole("button", { name: "Add a list" }).click();
  await page.getByLabel("Domains, one per line").fill(`${DOMAIN}\nhttps://shop.example/`);
  await page.getByRole("button", { name: "Add 2 lines" }).click();
  const summary = page.locator("form div[role=status][tabindex='-1']");
  await expect(summary).toBeFocused();
  await expect(summary).not.toBeEmpty();

  await page.goto(`/domains/${DOMAIN}/fix`);
  await page.getByRole("button", { name: "Check draft" }).click();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result).toBeFocused();
  await expect(result.getByText(/MX host|per MX|Would/i).first()).toBeVisible();
});

test("copy buttons have a name unique on the page", async ({ page }) => {
  for (const url of [`/domains/${DOMAIN}`, `/domains/${DOMAIN}/fix`]) {
    await page.goto(url);
    // The page streams its sections in: wait for the first copy button before counting them all.
    await page.getByRole("button", { name: /^Copy/ }).first().waitFor();
    const names = await page.getByRole("button", { name: /^Copy/ }).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? e.textContent ?? ""));
    expect(names.length, url).toBeGreaterThan(0);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    expect(dupes, `repeated copy-button names on ${url}`).toEqual([]);
  }
});
