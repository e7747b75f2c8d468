/** The DMARC readiness verdict (lib/report/senders/readiness.ts), table-driven. */
import { describe, expect, it } from "vitest";
import { evaluateDmarcReadiness, type ReadinessInput } from "../../../lib/report/senders/readiness";

const days = (n: number, messages: number, pass: number) => Array.from({ length: n }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, messages, pass }));

describe("evaluateDmarcReadiness", () => {
  const cases: { name: string; input: ReadinessInput; ready: boolean; target: string | null; reason?: RegExp }[] = [
    { name: "14 clean days at p=none → ready for quarantine", input: { policy: "none", days: days(14, 100, 99), sources: [] }, ready: true, target: "quarantine" },
    { name: "at p=quarantine the next step is reject", input: { policy: "quarantine", days: days(20, 100, 100), sources: [] }, ready: true, target: "reject" },
    { name: "too few days", input: { policy: "none", days: days(13, 100, 100), sources: [] }, ready: false, target: "quarantine", reason: /13 of 14 days/ },
    { name: "too many failures", input: { policy: "none", days: days(14, 100, 97), sources: [] }, ready: false, target: "quarantine", reason: /97\.0 % of 1400/ },
    {
      name: "an unidentified high-volume failing source",
      input: { policy: "none", days: days(14, 1000, 990), sources: [{ sourceIp: "198.51.100.9", messages: 140, fail: 140, name: null }] },
      ready: false,
      target: "quarantine",
      reason: /198\.51\.100\.9/,
    },
    {
      name: "the same source with a reverse name does not block",
      input: { policy: "none", days: days(14, 1000, 990), sources: [{ sourceIp: "198.51.100.9", messages: 140, fail: 140, name: "mail.partner.example" }] },
      ready: true,
      target: "quarantine",
    },
    { name: "no reports at all", input: { policy: null, days: [], sources: [] }, ready: false, target: "quarantine", reason: /0 of 14/ },
    { name: "already reject", input: { policy: "reject", days: days(30, 100, 100), sources: [] }, ready: false, target: null },
  ];
  it.each(cases)("$name", ({ input, ready, target, reason }) => {
    const v = evaluateDmarcReadiness(input);
    expect(v.ready).toBe(ready);
    expect(v.target).toBe(target);
    if (reason) expect(v.reasons.join("; ")).toMatch(reason);
    if (ready) expect(v.reasons).toEqual([]);
  });
});
