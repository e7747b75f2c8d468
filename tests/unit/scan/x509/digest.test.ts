import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { associationDigest, pemToDer, sha256Hex } from "@/lib/scan/x509";

describe("associationDigest (RFC 6698 §2.1.3 matching types)", () => {
  const data = Buffer.from("3059301306072a8648ce3d", "hex");

  it("0 = the bytes as hex, 1 = SHA-256, 2 = SHA-512, lower case", () => {
    expect(associationDigest(data, 0)).toBe("3059301306072a8648ce3d");
    expect(associationDigest(data, 1)).toBe(createHash("sha256").update(data).digest("hex"));
    expect(associationDigest(data, 2)).toBe(createHash("sha512").update(data).digest("hex"));
    expect(sha256Hex(data)).toBe(associationDigest(data, 1));
  });

  it("a view into a larger buffer digests only its own bytes", () => {
    const big = Buffer.concat([Buffer.from("ffff", "hex"), data, Buffer.from("eeee", "hex")]);
    const view = big.subarray(2, 2 + data.length);
    expect(associationDigest(view, 0)).toBe(associationDigest(data, 0));
    expect(associationDigest(view, 1)).toBe(associationDigest(data, 1));
  });

  it("an unknown matching type has no digest", () => {
    expect(associationDigest(data, 3)).toBeNull();
    expect(associationDigest(data, 255)).toBeNull();
  });
});

describe("pemToDer (RFC 7468 §5)", () => {
  it("decodes the first CERTIFICATE block, ignoring text around it", () => {
    expect(pemToDer("subject=x\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n")?.toString("hex")).toBe("3003020101");
  });

  it("null without a block or with an empty one", () => {
    expect(pemToDer("no certificate here")).toBeNull();
    expect(pemToDer("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----")).toBeNull();
  });
});
