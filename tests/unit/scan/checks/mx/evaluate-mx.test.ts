import { describe, expect, it } from "vitest";
import { evaluateMx, isUnresolvable } from "@/lib/scan/checks/mx/evaluate-mx";
import type { MxAddressLookup, MxHostObservation, MxObservation } from "@/lib/scan/checks/mx/lookup-mx";

const lookup = (outcome: MxAddressLookup["outcome"], addresses: string[] = [], extra: Partial<MxAddressLookup> = {}): MxAddressLookup => ({ outcome, dnssec: "insecure", addresses, ...extra });
const loop = (name: string) => lookup("error", [], { error: `CNAME loop at ${name}`, chainError: "cname-loop" });

function host(name: string, ipv4: MxAddressLookup, ipv6: MxAddressLookup, probed?: string[], preference = 10): MxHostObservation {
  const addresses = probed ?? [...ipv4.addresses, ...ipv6.addresses];
  const skipped = ipv4.addresses.length + ipv6.addresses.length - addresses.length;
  return { host: name, preference, implicit: false, dnssec: "insecure", ipv4, ipv6, addresses, ...(skipped > 0 ? { addressesSkipped: skipped } : {}) };
}

describe("mx-host-unresolvable (RFC 5321 §5.1)", () => {
  it("is raised for a CNAME loop, and the detail names the loop", () => {
    const h = host("mx1.example.test", loop("mx1.example.test"), loop("mx1.example.test"));
    expect(isUnresolvable(h)).toBe(true);
    const [finding, ...rest] = evaluateMx("example.test", { kind: "mx", dnssec: "insecure", hosts: [h] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "mx-host-unresolvable", host: "mx1.example.test", severity: "high" });
    expect(finding!.detail).toMatch(/CNAME loop never reaches an address \(A: CNAME loop at mx1\.example\.test, AAAA: CNAME loop at mx1\.example\.test\)/);
  });

  it("is raised for a loop on one family and absence on the other", () => {
    expect(isUnresolvable(host("mx1.example.test", loop("x.example.test"), lookup("nodata")))).toBe(true);
  });

  it("is not raised when a lookup only failed (timeout, SERVFAIL): unknown is not absent", () => {
    expect(isUnresolvable(host("mx1.example.test", lookup("timeout", [], { error: "no reply" }), lookup("nxdomain")))).toBe(false);
    expect(isUnresolvable(host("mx1.example.test", lookup("servfail"), loop("x.example.test")))).toBe(false);
  });
});

describe("mx-truncated", () => {
  it("counts the hosts probed and skipped, naming the first skipped ones", () => {
    const hosts = [host("mx1.example.test", lookup("ok", ["192.0.2.1"]), lookup("nodata"))];
    const skippedHosts = Array.from({ length: 5 }, (_, i) => ({ host: `mx${i + 2}.example.test`, preference: 20 + i }));
    const findings = evaluateMx("example.test", { kind: "mx", dnssec: "insecure", hosts, skippedHosts });
    expect(findings.map((f) => f.id)).toEqual(["mx-truncated"]);
    expect(findings[0]).toMatchObject({ severity: "info" });
    expect(findings[0]!.host).toBeUndefined();
    expect(findings[0]!.detail).toBe(
      "example.test names 6 MX hosts; the scan probed the 1 with the lowest preference and skipped 5: mx2.example.test (preference 20), mx3.example.test (preference 21), mx4.example.test (preference 22) and 2 more. Skipped hosts and addresses were neither connected to nor judged.",
    );
  });

  it("counts a host's addresses probed and skipped, per family", () => {
    const v4 = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
    const v6 = ["2001:db8::1"];
    const h = host("mx1.example.test", lookup("ok", v4), lookup("ok", v6), ["192.0.2.1", "192.0.2.2", "2001:db8::1"]);
    const [finding] = evaluateMx("example.test", { kind: "mx", dnssec: "insecure", hosts: [h] });
    expect(finding!.detail).toMatch(/^mx1\.example\.test has 4 addresses \(3 IPv4, 1 IPv6\); the scan probed 3 and skipped 1\./);
  });

  it("applies to the implicit MX too, beside mx-missing", () => {
    const h = { ...host("example.test", lookup("ok", ["192.0.2.1", "192.0.2.2", "192.0.2.3"]), lookup("nodata"), ["192.0.2.1", "192.0.2.2"], 0), implicit: true };
    expect(evaluateMx("example.test", { kind: "implicit", dnssec: "insecure", hosts: [h] }).map((f) => f.id)).toEqual(["mx-missing", "mx-truncated"]);
  });

  it("is not raised when everything was probed", () => {
    const mx: MxObservation = { kind: "mx", dnssec: "insecure", hosts: [host("mx1.example.test", lookup("ok", ["192.0.2.1"]), lookup("nodata"))], skippedHosts: [] };
    expect(evaluateMx("example.test", mx)).toEqual([]);
  });
});
