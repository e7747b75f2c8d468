/**
 * The helpers every check shares (lib/scan/checks/shared.ts): one finding constructor, one status
 * rule, one conversion into the report's findings. Each area used to keep its own copy.
 */
import { describe, expect, it } from "vitest";
import { finding, statusFromFindings, toReportFindings } from "@/lib/scan/checks/shared";
import { FINDING_CATALOGUE } from "@/lib/scan/findings";
import type { Severity } from "@/lib/scan/types";

describe("finding", () => {
  it("takes the catalogue's severity when context does not decide", () => {
    expect(finding("dmarc-missing", "no record")).toEqual({ id: "dmarc-missing", severity: FINDING_CATALOGUE["dmarc-missing"].severity, detail: "no record" });
  });

  it("carries the context's severity and the host for ids whose severity context decides", () => {
    expect(finding("mta-sts-mx-mismatch", "mx2 not listed", { host: "mx2.example.test", severity: "critical" })).toEqual({
      id: "mta-sts-mx-mismatch",
      severity: "critical",
      host: "mx2.example.test",
      detail: "mx2 not listed",
    });
  });

  it("leaves out the host key when there is none (reports compare as JSON)", () => {
    expect(Object.keys(finding("spf-missing", "x"))).toEqual(["id", "severity", "detail"]);
  });
});

describe("statusFromFindings", () => {
  it.each([
    ["no finding passes", [], "pass"],
    ["info alone passes: it says something, costs nothing", ["info"], "pass"],
    ["low warns", ["low", "info"], "warn"],
    ["medium warns", ["medium"], "warn"],
    ["high fails", ["medium", "high"], "fail"],
    ["critical fails", ["critical"], "fail"],
  ] as [string, Severity[], string][])("%s", (_name, severities, status) => {
    expect(statusFromFindings(severities.map((severity) => ({ severity })))).toBe(status);
  });
});

describe("toReportFindings", () => {
  it("adds the catalogue's title and fix, keeping severity, host and detail", () => {
    const [f] = toReportFindings([finding("mta-sts-mx-tls-invalid", "mx1: certificate expired", { host: "mx1.example.test", severity: "critical" })]);
    expect(f).toEqual({
      id: "mta-sts-mx-tls-invalid",
      severity: "critical",
      title: FINDING_CATALOGUE["mta-sts-mx-tls-invalid"].title,
      detail: "mx1: certificate expired",
      fix: FINDING_CATALOGUE["mta-sts-mx-tls-invalid"].fix,
      host: "mx1.example.test",
    });
  });
});
