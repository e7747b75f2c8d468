import { describe, expect, it } from "vitest";
import { allowedOrigins } from "@/lib/security/origins";
import { requestVerdict, type RequestFacts } from "@/lib/security/verdict";

const local = allowedOrigins({ port: 3000 });
/** A browser's request to a page: no bearer token, no cookie (the rows below add them where they matter). */
const plain = { path: "/", hasBearer: false, hasCookie: false };
const post = (host: string | null, origin: string | null): RequestFacts => ({ method: "POST", host, origin, ...plain });

describe("allowedOrigins", () => {
  it("defaults to localhost on PORT and accepts every loopback spelling", () => {
    expect([...local.hosts].sort()).toEqual(["127.0.0.1:3000", "[::1]:3000", "localhost:3000"]);
    expect([...local.origins].sort()).toEqual(["http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000"]);
    expect(local.secure).toBe(false);
  });

  it("takes a public URL as the only name, without its default port", () => {
    const pub = allowedOrigins({ publicUrl: "https://Mail-Posture.Example.NET/", port: 3000 });
    expect([...pub.hosts]).toEqual(["mail-posture.example.net"]);
    expect([...pub.origins]).toEqual(["https://mail-posture.example.net"]);
    expect(pub.secure).toBe(true);
  });

  it("keeps a non-default port of the public URL", () => {
    const pub = allowedOrigins({ publicUrl: "http://dash.example.net:8080", port: 3000 });
    expect([...pub.hosts]).toEqual(["dash.example.net:8080"]);
    expect([...pub.origins]).toEqual(["http://dash.example.net:8080"]);
  });

  it("refuses a URL that is not http(s) or carries credentials", () => {
    expect(() => allowedOrigins({ publicUrl: "ftp://example.net", port: 3000 })).toThrow(/http\(s\)/);
    expect(() => allowedOrigins({ publicUrl: "https://user:pw@example.net", port: 3000 })).toThrow(/credentials/);
  });
});

describe("requestVerdict", () => {
  it("allows a same-origin server action on each loopback name", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000"]) {
      expect(requestVerdict(post(host, `http://${host}`), local)).toEqual({ allow: true });
    }
  });

  it("refuses a state-changing request without Origin", () => {
    const v = requestVerdict(post("localhost:3000", null), local);
    expect(v).toMatchObject({ allow: false, status: 403 });
    expect(requestVerdict(post("localhost:3000", ""), local).allow).toBe(false);
  });

  it("refuses Origin: null (sandboxed frame, data: URL)", () => {
    expect(requestVerdict(post("localhost:3000", "null"), local)).toMatchObject({ allow: false, status: 403, reason: expect.stringMatching(/null/) });
  });

  it("refuses a foreign Origin on the right Host (cross-site request forgery)", () => {
    expect(requestVerdict(post("localhost:3000", "https://attacker.example"), local)).toMatchObject({ allow: false, status: 403 });
    // Same name, other port or scheme: another origin (RFC 6454 §5).
    expect(requestVerdict(post("localhost:3000", "http://localhost:3001"), local).allow).toBe(false);
    expect(requestVerdict(post("localhost:3000", "https://localhost:3000"), local).allow).toBe(false);
  });

  it("refuses the DNS-rebinding pattern: Host and Origin both the attacker's", () => {
    const v = requestVerdict(post("rebind.attacker.example:3000", "http://rebind.attacker.example:3000"), local);
    expect(v).toMatchObject({ allow: false, status: 403 });
    // The attacker-chosen name is never reflected into the response.
    expect(v.allow === false && v.reason).not.toMatch(/attacker/);
  });

  it("refuses reads under a foreign or missing Host too", () => {
    expect(requestVerdict({ method: "GET", host: "rebind.attacker.example:3000", origin: null, ...plain }, local).allow).toBe(false);
    expect(requestVerdict({ method: "GET", host: null, origin: null, ...plain }, local).allow).toBe(false);
    expect(requestVerdict({ method: "HEAD", host: "localhost:3001", origin: null, ...plain }, local).allow).toBe(false);
  });

  it("allows reads on an allowed Host without Origin (navigations, the JSON API from curl)", () => {
    expect(requestVerdict({ method: "GET", host: "localhost:3000", origin: null, ...plain }, local)).toEqual({ allow: true });
    expect(requestVerdict({ method: "head", host: "LOCALHOST:3000", origin: null, ...plain }, local)).toEqual({ allow: true });
  });

  it("requires Origin for every other method", () => {
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      expect(requestVerdict({ method, host: "localhost:3000", origin: null, ...plain }, local).allow).toBe(false);
      expect(requestVerdict({ method, host: "localhost:3000", origin: "http://localhost:3000", ...plain }, local).allow).toBe(true);
    }
  });

  it("refuses an allowed Origin that names another allowed Host than the request's", () => {
    expect(requestVerdict(post("localhost:3000", "http://127.0.0.1:3000"), local)).toMatchObject({ allow: false, reason: expect.stringMatching(/differ/) });
  });

  describe("a script calling the JSON API with a bearer token", () => {
    const api = (over: Partial<RequestFacts>): RequestFacts => ({ method: "POST", host: "localhost:3000", origin: null, path: "/api/v1/domains", hasBearer: true, hasCookie: false, ...over });

    it.each([
      ["POST without Origin (curl)", {}, true],
      ["DELETE without Origin", { method: "DELETE", path: "/api/v1/domains/example.com" }, true],
      ["POST from the app's own page with its Origin", { origin: "http://localhost:3000" }, true],
      // Any cookie may carry a session, which a cross-site form would send on its own.
      ["a bearer request that also carries a cookie", { hasCookie: true }, false],
      // Browsers attach cached Basic credentials by themselves; only Bearer is never automatic.
      ["no bearer token (Basic or none)", { hasBearer: false }, false],
      ["a page path rather than the API (server actions)", { path: "/settings/tokens" }, false],
      ["the internal /api routes, which are the dashboard's", { path: "/api/scans" }, false],
      ["a path that only starts like the API", { path: "/api/v10/domains" }, false],
      ["a foreign Origin, bearer or not", { origin: "https://attacker.example" }, false],
      ["an opaque (null) Origin", { origin: "null" }, false],
    ] as const)("%s → allowed: %s", (_why, over, allowed) => {
      expect(requestVerdict(api(over), local).allow).toBe(allowed);
    });

    it("keeps the Host check: a bearer call under a foreign Host is refused", () => {
      expect(requestVerdict(api({ host: "rebind.attacker.example:3000" }), local)).toMatchObject({ allow: false, status: 403 });
      expect(requestVerdict(api({ method: "GET", host: "rebind.attacker.example:3000" }), local).allow).toBe(false);
    });
  });

  describe("a mail server posting a TLS-RPT report to the receiver (RFC 8460 §5)", () => {
    const report = (over: Partial<RequestFacts>): RequestFacts => ({ method: "POST", host: "localhost:3000", origin: null, path: "/r/tlsrpt/rpt_token", hasBearer: false, hasCookie: false, ...over });

    it.each([
      ["POST without Origin or cookie (a sending MTA)", {}, true],
      // A cookie could carry a session: such a request keeps the Origin rule.
      ["the same POST with a cookie", { hasCookie: true }, false],
      ["another method than POST", { method: "PUT" }, false],
      ["a path that only starts like the receiver", { path: "/r/tlsrpt-other/x" }, false],
      ["a page path without Origin", { path: "/settings/reports" }, false],
      ["a foreign Origin on the receiver", { origin: "https://attacker.example" }, false],
    ] as const)("%s → allowed: %s", (_why, over, allowed) => {
      expect(requestVerdict(report(over), local).allow).toBe(allowed);
    });

    it("keeps the Host check: a report under a foreign Host is refused", () => {
      expect(requestVerdict(report({ host: "rebind.attacker.example:3000" }), local)).toMatchObject({ allow: false, status: 403 });
    });
  });

  it("behind a public URL, refuses loopback names and plain http", () => {
    const pub = allowedOrigins({ publicUrl: "https://mail-posture.example.net", port: 3000 });
    expect(requestVerdict(post("mail-posture.example.net", "https://mail-posture.example.net"), pub)).toEqual({ allow: true });
    expect(requestVerdict(post("mail-posture.example.net", "http://mail-posture.example.net"), pub).allow).toBe(false);
    expect(requestVerdict({ method: "GET", host: "localhost:3000", origin: null, ...plain }, pub).allow).toBe(false);
  });
});
