import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/csp";

/** The directives of a policy, name → sources. */
function parse(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

describe("contentSecurityPolicy", () => {
  const nonce = newNonce();
  const prod = parse(contentSecurityPolicy({ nonce, dev: false, upgradeInsecure: false }));

  it("lets only nonce-bearing scripts start, without eval in production", () => {
    expect(prod.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(prod.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("forbids plugins, <base> rewriting and framing", () => {
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.get("base-uri")).toEqual(["'none'"]);
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("form-action")).toEqual(["'self'"]);
    expect(prod.get("default-src")).toEqual(["'self'"]);
  });

  it("allows inline style attributes without a style nonce (which would disable 'unsafe-inline')", () => {
    expect(prod.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("adds 'unsafe-eval' only for next dev", () => {
    const dev = parse(contentSecurityPolicy({ nonce, dev: true, upgradeInsecure: false }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("upgrades insecure requests only behind an https URL", () => {
    expect(prod.has("upgrade-insecure-requests")).toBe(false);
    expect(parse(contentSecurityPolicy({ nonce, dev: false, upgradeInsecure: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("refuses a nonce that could inject directives", () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *", dev: false, upgradeInsecure: false })).toThrow(/nonce/);
    expect(() => contentSecurityPolicy({ nonce: "short", dev: false, upgradeInsecure: false })).toThrow(/nonce/);
  });
});

describe("newNonce", () => {
  it("draws 128 bits of base64, different each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(new Set(Array.from({ length: 50 }, newNonce)).size).toBe(50);
  });
});

describe("securityHeaders", () => {
  it("carries the policy and the other hardening headers", () => {
    const h = securityHeaders("default-src 'self'");
    expect(h["Content-Security-Policy"]).toBe("default-src 'self'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    // Stricter than this would make browsers send Origin: null on the app's own form posts.
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Permissions-Policy"]).toMatch(/camera=\(\)/);
    expect(h["Permissions-Policy"]).toMatch(/geolocation=\(\)/);
  });
});
