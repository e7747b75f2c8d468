import { describe, expect, it } from "vitest";
import { normalizeDomain } from "@/lib/scan/normalize";

/** [input, normalized, why] */
const VALID: [string, string, string][] = [
  ["example.com", "example.com", "already normal"],
  ["EXAMPLE.COM", "example.com", "upper case is folded"],
  ["Mail.Example.CO.UK", "mail.example.co.uk", "a name under a two-label public suffix"],
  ["example.com.", "example.com", "one trailing dot (the root) is dropped"],
  ["  example.com \t", "example.com", "surrounding white space is trimmed"],
  ["bücher.example", "xn--bcher-kva.example", "IDN becomes its A-label (UTS #46)"],
  ["BÜCHER.example", "xn--bcher-kva.example", "IDN upper case is mapped before Punycode"],
  ["xn--bcher-kva.example", "xn--bcher-kva.example", "an A-label stays as it is"],
  ["例え.テスト", "xn--r8jz45g.xn--zckzah", "IDN in both labels"],
  ["ｅｘａｍｐｌｅ.com", "example.com", "full-width letters are mapped by UTS #46"],
  ["a-b.example.com", "a-b.example.com", "a hyphen inside a label"],
  ["123.example.com", "123.example.com", "an all-digit label that is not the TLD"],
  ["example.test", "example.test", "a TLD not in the public suffix list"],
  ["foo.github.io", "foo.github.io", "private suffixes do not count: someone owns github.io"],
  ["github.io", "github.io", "likewise the private suffix itself"],
  [`${"a".repeat(63)}.example.com`, `${"a".repeat(63)}.example.com`, "a label of exactly 63 octets"],
  [`${"a.".repeat(124)}com`, `${"a.".repeat(124)}com`, "251 characters, under the 253 limit"],
];

/** [input, error, why] */
const INVALID: [string, string, string][] = [
  ["", "Enter a domain name", "empty"],
  ["   ", "Enter a domain name", "only white space"],
  ["exa mple.com", "A domain name cannot contain spaces", "a space inside"],
  ["http://x", "Enter a domain name, not a URL", "a URL"],
  ["https://example.com/path", "Enter a domain name, not a URL", "a URL with a path"],
  ["example.com/", "Enter a domain name, not a URL", "a trailing slash"],
  ["example.com?x=1", "Enter a domain name, not a URL", "a query string"],
  ["mailto:postmaster@example.com", "Enter a domain name, not a URL", "a mailto: URL"],
  ["postmaster@example.com", "Enter a domain name, not an email address", "an email address"],
  ["example.com:25", "Enter a domain name without a port", "a port"],
  ["192.0.2.1", "Enter a domain name, not an IP address", "IPv4"],
  ["1.2.3.4.", "Enter a domain name, not an IP address", "IPv4 with a trailing dot"],
  ["127.1", "Enter a domain name, not an IP address", "a short IPv4 form the URL parser expands"],
  ["0x7f.0.0.1", "Enter a domain name, not an IP address", "a hex IPv4 form"],
  ["2001:db8::1", "Enter a domain name, not an IP address", "IPv6"],
  ["::1", "Enter a domain name, not an IP address", "IPv6 loopback"],
  ["[::1]", "Enter a domain name, not an IP address", "bracketed IPv6"],
  ["::ffff:192.0.2.1", "Enter a domain name, not an IP address", "IPv4-mapped IPv6"],
  [`${"a.".repeat(150)}com`, "A domain name can be at most 253 characters long", "303 characters"],
  [`${"a".repeat(300)}`, "Enter a full domain name, like example.com", "a 300-character single label"],
  [`${"a".repeat(64)}.example.com`, "Each part of a domain name can be at most 63 characters long", "a 64-octet label"],
  [`${"ü".repeat(60)}.example`, "Each part of a domain name can be at most 63 characters long", "an IDN label whose A-label exceeds 63"],
  ["a..example.com", "A domain name cannot have empty parts (two dots in a row, or a leading dot)", "an empty label"],
  [".example.com", "A domain name cannot have empty parts (two dots in a row, or a leading dot)", "a leading dot"],
  ["example.com..", "A domain name cannot have empty parts (two dots in a row, or a leading dot)", "two trailing dots"],
  [".", "A domain name cannot have empty parts (two dots in a row, or a leading dot)", "the root alone"],
  ["under_score.example.com", "A domain name can only contain letters, digits, hyphens and dots", "an underscore: not a host name"],
  ["_dmarc.example.com", "A domain name can only contain letters, digits, hyphens and dots", "a service label"],
  ["exa!mple.com", "A domain name can only contain letters, digits, hyphens and dots", "punctuation"],
  ["-example.com", "A part of a domain name cannot start or end with a hyphen", "a leading hyphen"],
  ["example-.com", "A part of a domain name cannot start or end with a hyphen", "a trailing hyphen"],
  ["localhost", "Enter a full domain name, like example.com", "a single label"],
  ["com", "Enter a full domain name, like example.com", "a TLD alone"],
  ["example.123", "The last part of a domain name cannot be only digits", "an all-numeric TLD"],
  ["co.uk", "co.uk is a public suffix, not a domain someone owns", "a bare public suffix"],
  ["CO.UK.", "co.uk is a public suffix, not a domain someone owns", "a bare public suffix, upper case with the dot"],
  ["xn--zz.com", "Enter a valid domain name", "a broken A-label"],
];

describe("normalizeDomain", () => {
  it.each(VALID)("accepts %j as %j (%s)", (input, domain) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, domain });
  });

  it.each(INVALID)("rejects %j: %j (%s)", (input, error) => {
    expect(normalizeDomain(input)).toEqual({ ok: false, error });
  });

  it("is idempotent on what it returns", () => {
    for (const [input] of VALID) {
      const first = normalizeDomain(input);
      if (!first.ok) throw new Error(`expected ${input} to be valid`);
      expect(normalizeDomain(first.domain)).toEqual(first);
    }
  });

  it("keeps every error short enough for a form field", () => {
    for (const [input] of INVALID) {
      const result = normalizeDomain(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeLessThanOrEqual(80);
    }
  });
});
