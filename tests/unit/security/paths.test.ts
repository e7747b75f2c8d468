import { describe, expect, it } from "vitest";
import { hasMalformedEscape, malformedPathResponse } from "@/lib/security/paths";

describe("paths with percent-escapes that do not decode", () => {
  it.each(["/domains/%ff%fe", "/api/v1/scans/%ff", "/domains/%E0%A4%A", "/domains/%"])("%s is malformed", (p) => {
    expect(hasMalformedEscape(p)).toBe(true);
  });
  it.each(["/", "/domains/example.com", "/domains/%00", "/domains/b%C3%BCcher.de/history", "/api/v1/domains/x%2Fy/scans"])("%s decodes", (p) => {
    expect(hasMalformedEscape(p)).toBe(false);
  });
  it("answers the API's error shape under /api/ and plain text elsewhere", () => {
    const api = malformedPathResponse("/api/v1/scans/%ff");
    expect(api.contentType).toBe("application/json");
    expect(JSON.parse(api.body)).toEqual({ error: "No such resource", code: "NOT_FOUND" });
    expect(malformedPathResponse("/domains/%ff").contentType).toMatch(/^text\/plain/);
  });
});
