/**
 * Tagging and deleting domains through the real UI: tags edited on the domain page show as chips
 * and filter the portfolio; "Tag selected…" tags a selection; "Delete selected…" and the domain
 * page's "Delete domain" go through a confirmation page (/delete) — which also works with
 * JavaScript off.
 */
import { expect, test, type Browser } from "@playwright/test";
import { createDb } from "../../lib/db/client";
import { addDomains } from "../../lib/services/domains/add-domains";
import { OWNER_STATE } from "./accounts";
import { removeDomains } from "./domains";
import { ownerWorkspaceScope } from "./scope";

// Not served by the lab: their scans fail fast, and one may still be queued when it is deleted.
const NAMES = ["tag-a.admin-lab.test", "tag-b.admin-lab.test", "tag-c.admin-lab.test", "tag-d.admin-lab.test"] as const;
const [A, B, C, D] = NAMES;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await removeDomains([...NAMES]);
  const db = createDb(process.env.E2E_DATABASE_URL!);
  try {
    await addDomains(await ownerWorkspaceScope(db), [...NAMES], {}, db);
  } finally {
    await db.$disconnect();
  }
});
test.afterAll(async () => {
  await removeDomains([...NAMES]);
});

async function withoutJavaScript(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: OWNER_STATE, baseURL: process.env.E2E_BASE_URL });
  return { page: await context.newPage(), close: () => context.close() };
}

test("tags edited on the domain page become chips that filter the portfolio", async ({ page }) => {
  await page.goto(`/domains/${A}`);
  await page.getByText("Add tags").click();
  await page.getByRole("textbox", { name: "Tags", exact: true }).fill("Client A, eu");
  await page.getByRole("button", { name: "Save tags" }).click();
  const chips = page.getByRole("list", { name: "Tags" });
  await expect(chips.getByRole("link")).toHaveText(["client a", "eu"]);

  // A bad tag is refused with the rule, and the stored tags stay.
  await page.getByText("Edit tags").click();
  await page.getByRole("textbox", { name: "Tags", exact: true }).fill("ok, not<valid>");
  await page.getByRole("button", { name: "Save tags" }).click();
  await expect(page.getByText(/"not<valid>" is not a valid tag/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("link")).toHaveText(["client a", "eu"]);

  await page.getByRole("list", { name: "Tags" }).getByRole("link", { name: "eu" }).click();
  await expect(page).toHaveURL(/\/\?tag=eu$/);
  await expect(page.locator("tr[data-domain]")).toHaveCount(1);
  await expect(page.locator(`tr[data-domain="${A}"]`)).toBeVisible();
});

test("Tag selected… tags the checked rows", async ({ page }) => {
  await page.goto("/?q=admin-lab.test");
  await page.getByLabel(`Select ${B}`).first().check();
  await page.getByLabel(`Select ${C}`).first().check();
  await page.getByRole("button", { name: "Tag selected…" }).click();
  // A field with suggestions (a datalist) is a combobox.
  await page.getByRole("combobox", { name: "Tag name" }).fill("batch");
  await page.getByRole("button", { name: "Add tag" }).click();
  await expect(page.getByText("Tagged 2 domains “batch”.")).toBeVisible();
  await page.goto("/?tag=batch");
  await expect(page.locator("tr[data-domain]")).toHaveCount(2);
});

test("Delete selected… asks on a page of its own, then deletes", async ({ page }) => {
  await page.goto("/?q=admin-lab.test");
  await page.getByLabel(`Select ${B}`).first().check();
  await page.getByLabel(`Select ${C}`).first().check();
  await page.getByRole("button", { name: "Delete selected…" }).click();
  await expect(page).toHaveURL(/\/delete\?/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delete domains");
  await expect(page.getByText(B, { exact: true })).toBeVisible();
  await expect(page.getByText(C, { exact: true })).toBeVisible();
  await page.getByRole("button", { name: /^Delete 2 domains and their \d+ scans?$/ }).click();
  await expect(page).toHaveURL(/\/\?deleted=2$/);
  await expect(page.getByText("Deleted 2 domains with their scans.")).toBeVisible();
  await page.goto("/?q=admin-lab.test");
  await expect(page.locator("tr[data-domain]")).toHaveCount(2);
  await expect(page.locator(`tr[data-domain="${B}"]`)).toHaveCount(0);
});

test("the domain page's Delete domain confirms with the scan count; Cancel goes back", async ({ page }) => {
  await page.goto(`/domains/${D}`);
  await page.getByRole("link", { name: "Delete domain" }).click();
  await expect(page).toHaveURL(/\/delete\?domain=[^&]+&from=domain$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Delete ${D}?`);
  await expect(page.getByRole("button", { name: /^Delete \S+ and its \d+ scans?$/ })).toBeVisible();
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${D}$`));
});

test("the confirmation deletes with JavaScript off, reached through /domains/<d>/delete", async ({ browser }) => {
  const { page, close } = await withoutJavaScript(browser);
  try {
    await page.goto(`/domains/${D}/delete`);
    await expect(page).toHaveURL(/\/delete\?domain=[^&]+&from=domain$/);
    const submit = page.getByRole("button", { name: new RegExp(`^Delete ${D.replace(/\./g, "\\.")} and its \\d+ scans?$`) });
    await expect(submit).toBeVisible();
    await submit.click();
    await expect(page).toHaveURL(/\/\?deleted=1$/);
    expect((await page.goto(`/domains/${D}`))?.status()).toBe(404);
  } finally {
    await close();
  }
});

test("the audit log lists the deletions and tag changes, newest first", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
  const rows = page.locator("tr[data-audit-action]");
  await expect(rows.first()).toHaveAttribute("data-audit-action", "domain.delete");
  await expect(rows.first()).toContainText(`Deleted ${D}`);
  await expect(page.locator('tr[data-audit-action="domain.delete"]').filter({ hasText: "2 domains" })).toContainText(`${B}, ${C}`);
  await expect(page.locator('tr[data-audit-action="domain.tag"]').filter({ hasText: A })).toContainText("tags: none → client a, eu");
});
