/**
 * The PDF report's text rules (lib/report/pdf/text.ts): hidden characters become visible tokens,
 * words never hyphenate, long identifiers wrap only at separators and lose no character, and the
 * download name cannot carry anything but [a-z0-9.-].
 */
import { describe, expect, it } from "vitest";
import { breakParts, clip, clipLines, pdfText, reportPdfFileName, UNBREAKABLE_MAX } from "@/lib/report/pdf/text";

describe("pdfText", () => {
  it("shows bidi overrides, zero-width and control characters as tokens, and keeps markup as text", () => {
    const out = pdfText("a\u202Eb\u200Bc\u0007<script>alert(1)</script>");
    expect(out).toBe("a‹U+202E›b‹U+200B›c\\x07<script>alert(1)</script>");
    for (const hidden of ["\u202E", "\u200B", "\u0007"]) expect(out).not.toContain(hidden);
  });

  it("keeps line breaks of a multi-line body only when asked, and drops the CR of CRLF", () => {
    expect(pdfText("version: STSv1\r\nmode: enforce", { multiline: true })).toBe("version: STSv1\nmode: enforce");
    expect(pdfText("a\nb")).toBe("a\\x0ab");
  });

  it("keeps long hex runs whole (the web abbreviates them by styling only)", () => {
    const hex = "ab".repeat(32);
    expect(pdfText(`3 1 1 ${hex}`)).toBe(`3 1 1 ${hex}`);
  });
});

describe("breakParts", () => {
  it("never breaks a word or host name up to the limit", () => {
    for (const w of ["internationalization", "mx1.example.com", "a".repeat(UNBREAKABLE_MAX)]) expect(breakParts(w)).toEqual([w]);
  });

  it("breaks a long host name only after its dots and hyphens, adding no character", () => {
    const host = "mail-gateway-01.eu-west.customer-example.com";
    const parts = breakParts(host);
    expect(parts.join("")).toBe(host);
    const pieces = parts.filter((p) => p !== "");
    expect(pieces).toEqual(["mail-", "gateway-", "01.", "eu-", "west.", "customer-", "example.", "com"]);
    // Pieces alternate with empty break opportunities (never a hyphenation point).
    expect(parts.filter((_, i) => i % 2 === 1).every((p) => p === "")).toBe(true);
  });

  it("breaks a digest inside its run so it fits a column, keeping every character in order", () => {
    const digest = "f7e149ee7ae2e5ab84e9e97ca25e7e8e5cd534446337389decd21a94211bf48f";
    const parts = breakParts(digest).filter((p) => p !== "");
    expect(parts.join("")).toBe(digest);
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(24);
  });

  it("counts characters, not UTF-16 units, so astral characters are never split", () => {
    const word = "😀".repeat(30);
    expect(breakParts(word).join("")).toBe(word);
  });
});

describe("clip and clipLines", () => {
  it("cap an oversized value with a note pointing at the JSON report", () => {
    expect(clip("short", 10)).toBe("short");
    const long = clip("x".repeat(5000), 100);
    expect(long.startsWith("x".repeat(100) + "…")).toBe(true);
    expect(long).toContain("4900 more characters");
    const body = Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\r\n");
    const lines = clipLines(body, 40).split("\n");
    expect(lines).toHaveLength(41);
    expect(lines[40]).toContain("10 more lines");
  });
});

describe("reportPdfFileName", () => {
  it("is the A-label domain and the scan's UTC date", () => {
    expect(reportPdfFileName("xn--bcher-kva.example", "2026-11-28T23:30:00.000Z")).toBe("xn--bcher-kva.example-2026-11-28.pdf");
    expect(reportPdfFileName("example.com", new Date("2026-01-02T00:00:00Z"))).toBe("example.com-2026-01-02.pdf");
  });

  it("cannot carry quotes, slashes or line breaks into a Content-Disposition header", () => {
    const name = reportPdfFileName('evil"\r\nSet-Cookie: a=b/../x', "not a date");
    expect(name).toMatch(/^[a-z0-9._-]+\.pdf$/);
    expect(name.endsWith("-undated.pdf")).toBe(true);
  });
});
