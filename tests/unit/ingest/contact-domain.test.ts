/** RFC 8460 §5.3: the organisation that signed a TLS-RPT mail must be the one its report names. */
import { describe, expect, it } from "vitest";
import { contactDomain, submitterMatchesContact } from "../../../lib/services/ingest/mail-authenticity";

describe("contactDomain", () => {
  it("reads an address, a mailto: address and a URL's host", () => {
    expect(contactDomain("smtp-tls-reporting@Google.com")).toBe("google.com");
    expect(contactDomain("mailto:tlsrpt@mail.example.")).toBe("mail.example");
    expect(contactDomain("https://reports.example.net/tls")).toBe("reports.example.net");
    expect(contactDomain("tlsrpt.example")).toBe("tlsrpt.example");
  });

  it("gives nothing for text that names no domain", () => {
    expect(contactDomain("call us")).toBeUndefined();
    expect(contactDomain("https://")).toBeUndefined();
    expect(contactDomain("")).toBeUndefined();
  });
});

describe("submitterMatchesContact", () => {
  it("accepts the same domain, a parent and a child", () => {
    expect(submitterMatchesContact("google.com", "smtp-tls-reporting@google.com")).toBe(true);
    expect(submitterMatchesContact("mail.example", "tlsrpt@reports.mail.example")).toBe(true);
    expect(submitterMatchesContact("reports.mail.example", "tlsrpt@mail.example")).toBe(true);
  });

  it("refuses another organisation, a look-alike suffix, and a missing side", () => {
    expect(submitterMatchesContact("reporter.test", "tlsrpt@elsewhere.example")).toBe(false);
    expect(submitterMatchesContact("ample.com", "x@example.com")).toBe(false);
    expect(submitterMatchesContact(undefined, "x@example.com")).toBe(false);
    expect(submitterMatchesContact("example.com", undefined)).toBe(false);
  });
});
