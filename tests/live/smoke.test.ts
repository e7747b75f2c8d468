/**
 * Opt-in smoke scans of real domains over the Internet (`npm run test:live`; never part of
 * `npm test`). Domains come from MAILPOSTURE_LIVE_DOMAINS (comma-separated), default below. They
 * check that real-world answers parse and produce a valid report; verdicts change over time, so
 * only the shape and basic facts are asserted.
 */
import { describe, expect, it } from "vitest";
import { getEnv } from "../../lib/env";
import { validateReport } from "../../lib/scan/report-schema";
import { createScanner } from "../../lib/services/context";

const domains = (process.env.MAILPOSTURE_LIVE_DOMAINS ?? "gmail.com,posteo.de").split(",").map((d) => d.trim()).filter(Boolean);

describe("live scans", () => {
  const scan = createScanner(getEnv());
  it.each(domains)("%s scans to a valid report", async (domain) => {
    const report = await scan(domain, { onProgress: () => {}, signal: AbortSignal.timeout(110_000) });
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report.domain).toBe(domain);
    expect(report.mx.length).toBeGreaterThan(0);
  });
});
