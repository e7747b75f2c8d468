import { defineConfig } from "@playwright/test";
import { locateBrowser } from "./scripts/ensure-browser";
import { OWNER_STATE } from "./tests/e2e/accounts";

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
  // The setup project signs up the first owner through the printed setup link; every other test
  // starts signed in as that owner (tests that need a stranger open a context without the state).
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "app", dependencies: ["setup"], testIgnore: /auth\.setup\.ts$/, use: { storageState: OWNER_STATE } },
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    // The JSON API takes a bearer token (created by the global setup); pages ignore the header.
    extraHTTPHeaders: process.env.E2E_API_TOKEN ? { Authorization: `Bearer ${process.env.E2E_API_TOKEN}` } : {},
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser?.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
});
