/**
 * A domain whose TXT records carry `<script>`, an `<img onerror>`, `javascript:` URIs and a
 * right-to-left override (domains.ts, XSS_DOMAIN) is scanned for real; its report, fix page,
 * history and compare view show all of it as text, and nothing runs: no `window.__xss`, no
 * dialog, no `javascript:` link, no event-handler attribute anywhere in the DOM.
 */
import { expect, test, type Page } from "@playwright/test";
import { removeDomains, setZoneVariants, XSS_DOMAIN, XSS_SCRIPT, XSS_SCRIPT_AFTER } from "./domains";

const SHOTS = "tests/artifacts";
const SCAN_TIMEOUT = 60_000;

test.describe.configure({ mode: "serial" });

let dialogs = 0;

test.beforeAll(async () => {
  await setZoneVariants({ xss: "before" });
});

test.afterAll(async () => {
  await removeDomains([XSS_DOMAIN]);
});

test.beforeEach(({ page }) => {
  page.on("dialog", (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
});

/**
 * Every anchor whose href is a script URL, as the browser parses it (`protocol`) and as written:
 * URL parsers drop leading C0 controls and spaces and every tab or newline, so compare without them.
 */
async function scriptLinks(page: Page): Promise<string[]> {
  const anchors = await page.locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href") ?? "", protocol: (a as HTMLAnchorElement).protocol })));
  expect(anchors.length).toBeGreaterThan(0);
  const squeezed = (href: string) => [...href].filter((c) => c.charCodeAt(0) > 0x20).join("").toLowerCase();
  return anchors.filter((a) => a.protocol === "javascript:" || squeezed(a.href).startsWith("javascript:")).map((a) => a.href);
}

/** Everything that would show a script ran, or could run on a click. */
async function expectInert(page: Page, script: string): Promise<void> {
  await page.waitForLoadState("load");
  // The markup is on screen as text, exactly as published.
  await expect(page.getByText(script).filter({ visible: true }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(await scriptLinks(page)).toEqual([]);
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
  );
  expect(handlers).toEqual([]);
  expect(await page.locator("img[src=x]").count()).toBe(0);
  // Next.js inlines page data in scripts, but escaped: no script element holds the markup as markup.
  const scripts = await page.locator("script").evaluateAll((ss) => ss.filter((s) => /<script>window\.__xss|<img src=x/.test(s.textContent ?? "")).length);
  expect(scripts).toBe(0);
}

test("a report of hostile TXT records shows them as text and runs nothing", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByLabel("Domain name").fill(XSS_DOMAIN);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${XSS_DOMAIN}$`));
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: SCAN_TIMEOUT });

  await expectInert(page, XSS_SCRIPT);
  // The script URIs from rua= are shown, and marked as not links.
  await expect(page.getByText("javascript:alert(1)").filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText("(not a link)").filter({ visible: true }).first()).toBeVisible();
  // The right-to-left override in the SPF record is revealed, not applied.
  await expect(page.getByText("U+202E").filter({ visible: true }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/xss-report-1280.png`, fullPage: true });

  await page.goto(`/domains/${XSS_DOMAIN}/fix`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(XSS_DOMAIN);
  await page.waitForLoadState("load");
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(await scriptLinks(page)).toEqual([]);
});

test("after the records change, history and compare show both versions as text and run nothing", async ({ page }) => {
  await setZoneVariants({ xss: "after" });
  await page.goto(`/domains/${XSS_DOMAIN}`);
  await page.getByRole("button", { name: "Rescan" }).click();
  // Said only by a panel that watched this scan finish (an earlier one may still read "Scan finished").
  await expect(page.getByText(/^Scan finished: grade .*The report below is updated\.$/)).toBeVisible({ timeout: SCAN_TIMEOUT });
  await expectInert(page, XSS_SCRIPT_AFTER);

  await page.goto(`/domains/${XSS_DOMAIN}/history`);
  await expect(page.locator("li[data-scan-id]")).toHaveCount(2);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(XSS_DOMAIN);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

  await page.getByRole("link", { name: "Compare latest with previous" }).click();
  await expect(page).toHaveURL(/\/compare\?/);
  await expectInert(page, XSS_SCRIPT);
  await expect(page.getByText(XSS_SCRIPT_AFTER).filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText("javascript:alert(2)").filter({ visible: true }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/xss-compare-1280.png`, fullPage: true });
  expect(dialogs).toBe(0);
});
