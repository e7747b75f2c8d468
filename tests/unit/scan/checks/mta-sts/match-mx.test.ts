import { describe, expect, it } from "vitest";
import { matchMxPattern, matchMxPatterns } from "@/lib/scan/checks/mta-sts/match-mx";

const cases: { rfc: string; pattern: string; host: string; matches: boolean }[] = [
  { rfc: "§4.1 exact name", pattern: "mx1.example.com", host: "mx1.example.com", matches: true },
  { rfc: "§4.1 case-insensitive", pattern: "MX1.Example.COM", host: "mx1.example.com", matches: true },
  { rfc: "§4.1 trailing dots ignored (host)", pattern: "mx1.example.com", host: "mx1.example.com.", matches: true },
  { rfc: "§4.1 trailing dots ignored (pattern)", pattern: "mx1.example.com.", host: "mx1.example.com", matches: true },
  { rfc: "§4.1 different host", pattern: "mx1.example.com", host: "mx2.example.com", matches: false },
  { rfc: "§4.1 a plain pattern does not match subdomains", pattern: "example.com", host: "mx.example.com", matches: false },
  { rfc: "§4.1 wildcard matches one leftmost label", pattern: "*.example.com", host: "mail.example.com", matches: true },
  { rfc: "§4.1 wildcard with case and trailing dot", pattern: "*.Example.com", host: "MAIL.example.com.", matches: true },
  { rfc: "§4.1 wildcard does not match the parent", pattern: "*.example.com", host: "example.com", matches: false },
  { rfc: "§4.1 wildcard does not match two labels", pattern: "*.example.com", host: "foo.bar.example.com", matches: false },
  { rfc: "§4.1 wildcard suffix must align on a label", pattern: "*.example.com", host: "mailexample.com", matches: false },
  { rfc: "§4.1 empty pattern matches nothing", pattern: "", host: "mx.example.com", matches: false },
];

describe("matchMxPattern (RFC 8461 §4.1)", () => {
  it.each(cases)("$rfc: $pattern vs $host", ({ pattern, host, matches }) => {
    expect(matchMxPattern(pattern, host)).toBe(matches);
  });

  it("matchMxPatterns returns the first matching pattern", () => {
    expect(matchMxPatterns(["a.example.com", "*.example.com", "mx.example.com"], "mx.example.com")).toBe("*.example.com");
    expect(matchMxPatterns(["a.example.com"], "b.example.com")).toBeUndefined();
  });
});
