/**
 * The untrusted-text components rendered to HTML: markup in DNS/HTTP data comes out as escaped
 * text, dangerous URIs never become links, hidden characters become visible tokens.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SafeUri } from "@/components/ui/safe-uri";
import { UntrustedText } from "@/components/ui/untrusted-text";

const render = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);

describe("UntrustedText", () => {
  it("renders <script> as escaped text, never as an element", () => {
    const html = render(createElement(UntrustedText, { value: `v=spf1 -all <script>alert(1)</script> <img src=x onerror=alert(2)>` }));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
  });

  it("shows control and bidi characters as visible tokens with a warning", () => {
    const html = render(createElement(UntrustedText, { value: "ok\u0007\u202Eevil" }));
    expect(html).toContain("\\x07");
    expect(html).toContain("⟨U+202E⟩");
    expect(html).not.toContain("\u202E");
    expect(html).not.toContain("\u0007");
    expect(html).toContain("contains hidden characters");
  });

  it("keeps the whole of a long hex value in the markup, abbreviated only by styling", () => {
    const hex = "ab".repeat(32);
    const html = render(createElement(UntrustedText, { value: `3 1 1 ${hex}`, mono: true }));
    expect(html.replace(/<[^>]+>/g, "")).toBe(`3 1 1 ${hex}`);
    expect(html).toContain('tabindex="0"');
  });

  it("cuts very long values behind Show all, keeping the rest in the DOM", () => {
    const html = render(createElement(UntrustedText, { value: "x".repeat(3000) }));
    expect(html).toContain("Show all (3000 bytes)");
    expect(html.replace(/<[^>]+>/g, "").match(/x/g)).toHaveLength(3000);
  });
});

describe("SafeUri", () => {
  it("renders javascript: as inert text with no href", () => {
    const html = render(createElement(SafeUri, { uri: "javascript:alert(1)" }));
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toMatch(/href=/);
    expect(html).toContain("javascript:alert(1)");
    expect(html).toContain("(not a link)");
  });

  it("renders data: and http: as text too", () => {
    for (const uri of ["data:text/html,<script>alert(1)</script>", "http://example.com/"]) {
      const html = render(createElement(SafeUri, { uri }));
      expect(html).not.toMatch(/href=/);
      expect(html).not.toMatch(/<script/i);
    }
  });

  it("links mailto: without its query and shows the full URI as text", () => {
    const html = render(createElement(SafeUri, { uri: "mailto:a@example.com?subject=<script>x</script>" }));
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain("mailto:a@example.com?subject=&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toMatch(/<script/i);
  });

  it("links https:", () => {
    const html = render(createElement(SafeUri, { uri: "https://reports.example.net/v1" }));
    expect(html).toContain('href="https://reports.example.net/v1"');
  });
});
