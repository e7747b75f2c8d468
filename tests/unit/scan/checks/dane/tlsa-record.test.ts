import { describe, expect, it } from "vitest";
import {
  abbreviateTlsa,
  classifyTlsaRecord,
  formatTlsaRecord,
  parseTlsaString,
  type TlsaRecord,
  type TlsaUnusableReason,
} from "@/lib/scan/checks/dane/tlsa-record";

const SHA256 = "ab".repeat(32);
const SHA512 = "cd".repeat(64);
const rec = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });

describe("classifyTlsaRecord: usable records", () => {
  const cases: [string, TlsaRecord][] = [
    ["3 1 1 SHA-256 of the SPKI (RFC 7672 §3.1.1)", rec(3, 1, 1, SHA256)],
    ["3 0 1 SHA-256 of the certificate (RFC 7672 §3.1.1)", rec(3, 0, 1, SHA256)],
    ["3 1 2 SHA-512 (RFC 6698 §2.1.3)", rec(3, 1, 2, SHA512)],
    ["3 0 0 full certificate, any non-empty length (RFC 6698 §2.1.3)", rec(3, 0, 0, "3082010a")],
    ["2 1 1 trust-anchor key digest (RFC 7672 §3.1.2)", rec(2, 1, 1, SHA256)],
    ["2 0 2 trust-anchor certificate SHA-512 (RFC 7672 §3.1.2)", rec(2, 0, 2, SHA512)],
    ["2 1 0 full trust-anchor key (RFC 7671 §5.2)", rec(2, 1, 0, "30")],
    ["upper-case hex is still hex (RFC 6698 §2.2)", rec(3, 1, 1, SHA256.toUpperCase())],
  ];
  it.each(cases)("%s", (_name, record) => {
    expect(classifyTlsaRecord(record)).toEqual({ usable: true });
  });
});

describe("classifyTlsaRecord: unusable records", () => {
  const cases: [string, TlsaRecord, TlsaUnusableReason][] = [
    ["usage 0 PKIX-TA is unusable for SMTP (RFC 7672 §3.1.3)", rec(0, 1, 1, SHA256), "pkix-usage"],
    ["usage 1 PKIX-EE is unusable for SMTP (RFC 7672 §3.1.3)", rec(1, 1, 1, SHA256), "pkix-usage"],
    ["usage 4 is unknown (RFC 7671 §4.1)", rec(4, 1, 1, SHA256), "unknown-usage"],
    ["usage 255 (private use) is unknown (RFC 6698 §7.2)", rec(255, 1, 1, SHA256), "unknown-usage"],
    ["selector 2 is unknown (RFC 6698 §2.1.2)", rec(3, 2, 1, SHA256), "unknown-selector"],
    ["matching type 3 is unknown (RFC 6698 §2.1.3)", rec(3, 1, 3, SHA256), "unknown-matching-type"],
    ["SHA-256 with 31 octets (RFC 6698 §2.1.3)", rec(3, 1, 1, "ab".repeat(31)), "wrong-length"],
    ["SHA-256 with 33 octets (RFC 6698 §2.1.3)", rec(3, 1, 1, "ab".repeat(33)), "wrong-length"],
    ["SHA-256 digest in a SHA-512 record (RFC 6698 §2.1.3)", rec(3, 1, 2, SHA256), "wrong-length"],
    ["SHA-512 digest in a SHA-256 record (RFC 6698 §2.1.3)", rec(2, 1, 1, SHA512), "wrong-length"],
    ["matching type 0 with no data (RFC 6698 §2.1.3)", rec(3, 0, 0, ""), "wrong-length"],
    ["non-hex data (RFC 6698 §2.2)", rec(3, 1, 1, `${"ab".repeat(31)}zz`), "not-hex"],
    ["odd number of hex digits (RFC 6698 §2.2)", rec(3, 1, 1, `${SHA256}a`), "not-hex"],
  ];
  it.each(cases)("%s", (_name, record, reason) => {
    const result = classifyTlsaRecord(record);
    expect(result.usable).toBe(false);
    if (!result.usable) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(0);
    }
  });

  it("PKIX usage wins over other defects: the usage is what makes it wrong for SMTP (RFC 7672 §3.1.3)", () => {
    expect(classifyTlsaRecord(rec(1, 9, 9, "zz"))).toMatchObject({ usable: false, reason: "pkix-usage" });
  });
});

describe("string form (spec mx[].tlsa.records)", () => {
  it("formats as 'usage selector matching hex' with lower-case hex (RFC 6698 §2.2)", () => {
    expect(formatTlsaRecord(rec(3, 1, 1, "ABCDEF"))).toBe("3 1 1 abcdef");
  });

  it("parses back, joining data split by white space (RFC 6698 §2.2)", () => {
    expect(parseTlsaString("3 1 1 ABCD ef01")).toEqual(rec(3, 1, 1, "abcdef01"));
  });

  it.each(["", "3 1 1", "x 1 1 ab", "3 1 256 ab", "-1 1 1 ab"])("rejects %j", (text) => {
    expect(parseTlsaString(text)).toBeNull();
  });

  it("abbreviates long data for evidence text and keeps short records whole", () => {
    expect(abbreviateTlsa(`3 1 1 ${SHA256}`)).toBe(`3 1 1 ${SHA256.slice(0, 16)}…`);
    expect(abbreviateTlsa("3 0 0 abcd")).toBe("3 0 0 abcd");
  });
});
