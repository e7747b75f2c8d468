/**
 * Runs before every other browser test (a Playwright setup project): the first owner signs up
 * through the one-time link `npm start` printed, exactly as a new operator would; the signed-in
 * state is saved for the other tests.
 */
import { expect, test as setup } from "@playwright/test";
import { OWNER, OWNER_STATE } from "./accounts";

setup("the first owner signs up through the setup link, which then stops working", async ({ page }) => {
  const link = process.env.E2E_SETUP_URL!;
  await page.goto("/sign-in");
  await expect(page.getByText("No account exists yet")).toBeVisible();

  await page.goto(link);
  await page.getByLabel("Name").fill(OWNER.name);
  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await page.getByLabel("Confirm password").fill("not the same password");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("The passwords differ").first()).toBeVisible();

  await page.getByLabel("Confirm password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Domains/ })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(`${OWNER.name} \\(owner\\)`) })).toBeVisible();
  await page.context().storageState({ path: OWNER_STATE });

  // One use: the link is gone once an owner exists.
  expect((await page.request.get(link)).status()).toBe(404);
});
