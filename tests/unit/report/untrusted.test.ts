import { describe, expect, it } from "vitest";
import { hasHiddenCharacters, middleEllipsis, reveal, safeHref, visibleText } from "@/lib/report/untrusted";

describe("reveal", () => {
  it("shows control characters as \\xNN and format characters as ⟨U+XXXX⟩", () => {
    expect(visibleText("a\u0007b\u202Ec\u200Bd\uFEFF\u0085")).toBe("a\\x07b⟨U+202E⟩c⟨U+200B⟩d⟨U+FEFF⟩\\x85");
    expect(reveal("x\u202Ey")).toEqual([
      { kind: "text", text: "x" },
      { kind: "hidden", raw: "\u202E", token: "⟨U+202E⟩" },
      { kind: "text", text: "y" },
    ]);
  });

  it("keeps line breaks only in multiline mode (CRLF included)", () => {
    expect(visibleText("a\r\nb\n")).toBe("a\\x0d\\x0ab\\x0a");
    expect(visibleText("a\r\nb\n", { multiline: true })).toBe("a\r\nb\n");
    expect(visibleText("a\rb", { multiline: true })).toBe("a\\x0db");
  });

  it("marks long hex runs for a middle ellipsis and keeps short ones as text", () => {
    const hex = "8d02".padEnd(60, "a") + "286d";
    const segs = reveal(`3 1 1 ${hex}`);
    expect(segs).toEqual([
      { kind: "text", text: "3 1 1 " },
      { kind: "hex", text: hex, head: "8d02", middle: hex.slice(4, -4), tail: "286d" },
    ]);
    expect(reveal("deadbeef")).toEqual([{ kind: "text", text: "deadbeef" }]);
    expect(middleEllipsis(hex)).toBe("8d02…286d");
  });

  it("leaves markup as plain text (React escapes it; nothing here interprets it)", () => {
    expect(visibleText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
    expect(hasHiddenCharacters("<b>bold</b>")).toBe(false);
    expect(hasHiddenCharacters("evil\u202E")).toBe(true);
  });
});

describe("safeHref", () => {
  it("links https: and mailto: only, dropping mailto query parameters", () => {
    expect(safeHref("https://reports.example.net/tlsrpt")).toBe("https://reports.example.net/tlsrpt");
    expect(safeHref("mailto:dmarc@example.com")).toBe("mailto:dmarc@example.com");
    expect(safeHref("mailto:a@example.com?subject=<script>alert(1)</script>&body=x")).toBe("mailto:a@example.com");
  });

  it.each([
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)"],
    [" javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["http://example.com/"],
    ["vbscript:msgbox(1)"],
    ["https://user:pass@example.com/"],
    ["mailto:not-an-address"],
    ["https://exa\u202Emple.com/"],
    ["mailto:a@example.com\u0000"],
    ["not a uri"],
    [""],
  ])("refuses %j", (uri) => {
    expect(safeHref(uri)).toBeNull();
  });
});
