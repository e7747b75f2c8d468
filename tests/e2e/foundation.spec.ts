import { expect, test } from "@playwright/test";
import { createDb } from "../../lib/db/client";
import { normalizeDomain } from "../../lib/scan/normalize";
import { requestScan } from "../../lib/services/scans/request-scan";
import { startWorkerProcess, stopProcess } from "../helpers/processes";
import { E2E_BULK, E2E_DOMAINS, E2E_MX } from "./domains";
import { ownerWorkspaceScope } from "./scope";

const shots = "tests/artifacts";

test("a bad domain gets a field error and adds nothing", async ({ page }) => {
  await page.goto("/");
  const rowsBefore = await page.locator("tr[data-domain]").count();
  const messages = new Set<string>();
  for (const bad of ["exa mple.com", "http://x", "192.0.2.1"]) {
    const expected = normalizeDomain(bad);
    if (expected.ok) throw new Error(`${bad} should be invalid`);
    messages.add(expected.error);
    await page.getByLabel("Domain name").fill(bad);
    await page.getByRole("button", { name: "Add and scan" }).click();
    await expect(page.locator("#domain-error")).toHaveText(expected.error);
    await expect(page.getByLabel("Domain name")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/$/);
  }
  // Each mistake is named, not one generic message.
  expect(messages.size).toBe(3);
  await page.goto("/");
  await expect(page.locator("tr[data-domain]")).toHaveCount(rowsBefore);
});

test("adding a domain queues, runs and shows its scan", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await page.getByLabel("Domain name").fill(E2E_DOMAINS.good.toUpperCase());
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect(page).toHaveURL(new RegExp(`/domains/${E2E_DOMAINS.good}$`));
  await expect(page.getByText(/Scan finished: grade/)).toBeVisible({ timeout: 60_000 });
  // The report the worker stored: the lab's MX over STARTTLS and the published DMARC record.
  await expect(page.getByRole("cell", { name: E2E_MX, exact: true })).toBeVisible();
  await expect(page.getByText(/TLSv1\.3/).first()).toBeVisible();
  await expect(page.getByText("v=DMARC1; p=reject", { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/domain-1280.png`, fullPage: true });

  await page.goto("/");
  const row = page.locator(`tr[data-domain="${E2E_DOMAINS.good}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("img", { name: /^Grade / })).toBeVisible();
  await page.screenshot({ path: `${shots}/portfolio-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/portfolio-390.png`, fullPage: true });
});

test("two standalone workers and the app's own worker finish 100 scans, each exactly once", async () => {
  test.setTimeout(240_000);
  const databaseUrl = process.env.E2E_DATABASE_URL!;
  const labEnv = JSON.parse(process.env.E2E_LAB_ENV!) as Record<string, string>;
  const db = createDb(databaseUrl);
  const env = { ...labEnv, DATABASE_URL: databaseUrl, MAILPOSTURE_WORKER_CONCURRENCY: "8" };
  const workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
  try {
    const scope = await ownerWorkspaceScope(db);
    const requested = await Promise.all(E2E_BULK.map((domain) => requestScan(scope, { domain }, db)));
    const ids = requested.map((r) => r.scanId);
    await expect
      .poll(async () => db.scan.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } }), { timeout: 180_000, intervals: [500] })
      .toBe(0);
    const scans = await db.scan.findMany({ where: { id: { in: ids } }, include: { _count: { select: { findings: true } } } });
    expect(scans).toHaveLength(100);
    for (const s of scans) {
      expect(s.status).toBe("done");
      expect(s._count.findings).toBe((s.report as { findings: unknown[] }).findings.length);
    }
    const latest = await db.domainLatest.findMany({ where: { scanId: { in: ids } } });
    expect(latest).toHaveLength(100);
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w)));
    await db.$disconnect();
  }
});
