import { defineConfig } from "@playwright/test";
import { locateBrowser } from "./scripts/ensure-browser";

// End-to-end tests run the real app (`next start` through scripts/start.ts) on a free port, with
// the scanner pointed at DNS/SMTP servers the tests start on loopback (tests/helpers/lab.ts).
// The browser is the one scripts/ensure-browser.ts finds (and `npm run test:e2e` installs first
// when missing); with none, the global setup stops the run with the line that says what to run.
const browser = locateBrowser().found;
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser?.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
