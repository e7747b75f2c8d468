/** Domains the browser tests' lab serves (all under the reserved .test TLD). */
export const E2E_MX = "mx.e2e-lab.test";
export const E2E_DOMAINS = {
  good: "good.e2e-lab.test",
  second: "second.e2e-lab.test",
} as const;

/** Domains for the queue test: 100 of them, all pointing at the lab MX. */
export const E2E_BULK = Array.from({ length: 100 }, (_, i) => `bulk${i}.e2e-lab.test`);
