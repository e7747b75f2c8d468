import { describe, expect, it } from "vitest";
import { allowedOrigins } from "@/lib/security/origins";
import { requestVerdict, type RequestFacts } from "@/lib/security/verdict";

const local = allowedOrigins({ port: 3000 });
const post = (host: string | null, origin: string | null): RequestFacts => ({ method: "POST", host, origin });

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
    expect(requestVerdict({ method: "GET", host: "rebind.attacker.example:3000", origin: null }, local).allow).toBe(false);
    expect(requestVerdict({ method: "GET", host: null, origin: null }, local).allow).toBe(false);
    expect(requestVerdict({ method: "HEAD", host: "localhost:3001", origin: null }, local).allow).toBe(false);
  });

  it("allows reads on an allowed Host without Origin (navigations, the JSON API from curl)", () => {
    expect(requestVerdict({ method: "GET", host: "localhost:3000", origin: null }, local)).toEqual({ allow: true });
    expect(requestVerdict({ method: "head", host: "LOCALHOST:3000", origin: null }, local)).toEqual({ allow: true });
  });

  it("requires Origin for every other method", () => {
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      expect(requestVerdict({ method, host: "localhost:3000", origin: null }, local).allow).toBe(false);
      expect(requestVerdict({ method, host: "localhost:3000", origin: "http://localhost:3000" }, local).allow).toBe(true);
    }
  });

  it("refuses an allowed Origin that names another allowed Host than the request's", () => {
    expect(requestVerdict(post("localhost:3000", "http://127.0.0.1:3000"), local)).toMatchObject({ allow: false, reason: expect.stringMatching(/differ/) });
  });

  it("behind a public URL, refuses loopback names and plain http", () => {
    const pub = allowedOrigins({ publicUrl: "https://mail-posture.example.net", port: 3000 });
    expect(requestVerdict(post("mail-posture.example.net", "https://mail-posture.example.net"), pub)).toEqual({ allow: true });
    expect(requestVerdict(post("mail-posture.example.net", "http://mail-posture.example.net"), pub).allow).toBe(false);
    expect(requestVerdict({ method: "GET", host: "localhost:3000", origin: null }, pub).allow).toBe(false);
  });
});
