/**
 * The printed "Report: <address>" line comes from the configured public URL, never from the Host
 * header, and is left out for the loopback default, whose address means nothing on paper.
 */
import { describe, expect, it } from "vitest";
import { printedReportUrl } from "@/app/(app)/domains/[domain]/_components/report-header";

describe("printedReportUrl", () => {
  it.each([
    ["unset", undefined],
    ["empty", ""],
    ["the default localhost URL", "http://localhost:3000"],
    ["127.0.0.1", "http://127.0.0.1:3000/"],
    ["IPv6 loopback", "http://[::1]:8080"],
    ["a .localhost name", "http://mailposture.localhost:3000"],
    ["not a URL", "mail-posture.example.net"],
  ])("prints no address when MAILPOSTURE_URL is %s", (_why, publicUrl) => {
    expect(printedReportUrl(publicUrl, "/domains/example.com")).toBeUndefined();
  });

  it("joins the report's path to the public origin", () => {
    expect(printedReportUrl("https://mail-posture.example.net", "/domains/example.com")).toBe("https://mail-posture.example.net/domains/example.com");
  });

  it("keeps a non-default port, drops a trailing slash, and does not double the slash", () => {
    expect(printedReportUrl("https://mail-posture.example.net:8443/", "/domains/xn--bcher-kva.example")).toBe("https://mail-posture.example.net:8443/domains/xn--bcher-kva.example");
  });

  it("keeps a percent-encoded path as it is", () => {
    expect(printedReportUrl("https://mp.example.org", "/domains/a%2Fb.example")).toBe("https://mp.example.org/domains/a%2Fb.example");
  });
});
