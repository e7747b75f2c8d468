/**
 * Teams through the real UI: the owner (signed up by auth.setup.ts) invites a viewer, who sees
 * reports but no Add / Rescan / Share / Delete; the owner shares a report, which opens in a fresh,
 * signed-out browser with the report and nothing else, and answers 404 after Revoke.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { VIEWER } from "./accounts";
import { DASH, removeDomains } from "./domains";

const DOMAIN = DASH.strong;
const SCAN_TIMEOUT = 60_000;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await removeDomains([DOMAIN]);
});
test.afterAll(async () => {
  await removeDomains([DOMAIN]);
});

/** A browser context with no cookies at all: a stranger, or someone who was sent a link. */
async function stranger(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: process.env.E2E_BASE_URL, extraHTTPHeaders: {} });
  return context.newPage();
}

test("a signed-out visitor is sent to sign in, and wrong passwords are refused", async ({ browser }) => {
  const page = await stranger(browser);
  await page.goto(`/domains/${DOMAIN}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("E-mail").fill("nobody@example.test");
  await page.getByLabel("Password").fill("not a password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "E-mail address or password is wrong" })).toBeVisible();
  await page.context().close();
});

test("the owner adds a domain, invites a viewer, and the viewer can read but not act", async ({ page, browser }) => {
  await page.goto("/");
  await page.getByLabel("Domain name").fill(DOMAIN);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${DOMAIN}$`));
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: SCAN_TIMEOUT });

  await page.goto("/settings/members");
  await page.getByRole("button", { name: "Invite" }).click();
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const inviteUrl = (await page.getByTestId("invite-url").textContent())!.trim();
  expect(inviteUrl).toMatch(/\/invite\/inv_[A-Za-z0-9_-]{43}$/);

  const viewer = await stranger(browser);
  await viewer.goto(inviteUrl);
  await viewer.getByLabel("Name").fill(VIEWER.name);
  await viewer.getByLabel("E-mail").fill(VIEWER.email);
  await viewer.getByLabel("Password", { exact: true }).fill(VIEWER.password);
  await viewer.getByLabel("Confirm password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Create account and join" }).click();
  await expect(viewer.getByRole("heading", { level: 1, name: /^Domains/ })).toBeVisible();
  await expect(viewer.getByRole("link", { name: new RegExp(`${VIEWER.name} \\(viewer\\)`) })).toBeVisible();

  // Reads everything, acts on nothing (searched for: other spec files leave many domains behind).
  await viewer.goto(`/?q=${DOMAIN}`);
  await expect(viewer.getByRole("link", { name: DOMAIN })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Add and scan" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Rescan/ })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await viewer.goto(`/domains/${DOMAIN}`);
  await expect(viewer.getByText(/Scan finished|grade/i).first()).toBeVisible();
  for (const name of [/Rescan/, /^Share$/, /Delete/]) await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  await viewer.context().close();
});

test("a share link shows the report and nothing else to a signed-out browser, and is 404 after Revoke", async ({ page, browser }) => {
  await page.goto(`/domains/${DOMAIN}`);
  await page.getByRole("button", { name: "Share" }).click();
  await page.getByLabel("Expires in (days)").fill("7");
  await page.getByRole("button", { name: "Create link" }).click();
  const shareUrl = (await page.getByTestId("share-url").textContent())!.trim();
  expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

  const client = await stranger(browser);
  const response = await client.goto(shareUrl);
  expect(response!.status()).toBe(200);
  const headers = response!.headers();
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["x-robots-tag"]).toContain("noindex");
  await expect(client.getByRole("heading", { name: new RegExp(DOMAIN.replace(/\./g, "\\.")) }).first()).toBeVisible();
  // Nothing of the app around it: no navigation, no actions, no links into the portfolio.
  await expect(client.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  for (const name of [/Rescan/, /^Share$/, /Delete/, /Add and scan/]) await expect(client.getByRole("button", { name })).toHaveCount(0);
  const appLinks = await client.locator('a[href^="/domains"], a[href="/"], a[href^="/settings"], a[href^="/scans"]').count();
  expect(appLinks).toBe(0);

  await page.goto("/settings/share-links");
  const row = page.getByRole("row").filter({ hasText: DOMAIN });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row").filter({ hasText: DOMAIN })).toHaveCount(0);

  const after = await client.goto(shareUrl);
  expect(after!.status()).toBe(404);
  await client.context().close();
});
