import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = {
  "@": root,
  // server-only throws outside a React Server bundle; tests and scripts run plain Node.
  "server-only": fileURLToPath(new URL("./tests/helpers/server-only-stub.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-db.ts"],
          // Every file shares the database's default workspace and queues far more scans a minute
          // than a person would: the scan quota is lifted here and tested with explicit limits
          // (tests/integration/services/quotas.test.ts).
          env: { MAILPOSTURE_SCAN_QUOTA_PER_MINUTE: "100000", MAILPOSTURE_SCAN_QUOTA_PER_DAY: "10000000" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: { name: "live", include: ["tests/live/**/*.test.ts"], environment: "node", testTimeout: 120_000 },
      },
    ],
  },
});
