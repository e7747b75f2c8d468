import { expect, test } from "@playwright/test";

// Unknown domains get a real 404 on every domain page (checked above the pages' streaming).
for (const path of ["/domains/never-added.example", "/domains/never-added.example/history", "/domains/never-added.example/fix", "/no-such-page"]) {
  test(`${path} answers 404 with the not-found page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
}
