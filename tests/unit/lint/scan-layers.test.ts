/**
 * Rules of lib/scan's inner layers, proven against the real ESLint config (as layering.test.ts
 * does): net/ observes and never imports the judging code above it, and only x509/ parses
 * certificates or hashes keys, so every SPKI digest in a report, a DANE verdict, a suggested TLSA
 * record and a what-if is computed from the same bytes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { lintErrorsFor as errorsFor, warmUpLint } from "../../helpers/lint";

beforeAll(warmUpLint, 60_000);

const restricted = (errors: string[], rule = "no-restricted-imports") => errors.some((e) => e.includes(rule));

describe("lib/scan/net observes; it does not import the judging layers", () => {
  it.each([
    ["lib/scan/net/x.ts", `import { evaluateEndpoint } from "../checks/starttls/evaluate-endpoint";\nexport const x = evaluateEndpoint;\n`],
    ["lib/scan/net/x.ts", `import type { MtaStsPolicyFetch } from "../checks/mta-sts/types";\nexport type X = MtaStsPolicyFetch;\n`],
    ["lib/scan/net/x.ts", `import { matchTlsa } from "@/lib/scan/checks/dane/match-tlsa";\nexport const x = matchTlsa;\n`],
    ["lib/scan/net/x.ts", `import { suggestTlsaRecords } from "../suggest/tlsa";\nexport const x = suggestTlsaRecords;\n`],
    ["lib/scan/net/x.ts", `import { scanDomain } from "../scan-domain";\nexport const x = scanDomain;\n`],
  ])("%s: %s is rejected", async (file, code) => {
    expect(restricted(await errorsFor(file, code))).toBe(true);
  });

  it.each([
    ["lib/scan/net/x.ts", `import { readCertificate } from "../x509";\nexport const x = readCertificate;\n`],
    ["lib/scan/net/x.ts", `import { TLS_MAX_CHAIN_CERTS } from "../defaults";\nimport type { Endpoint } from "../types";\nexport const x: Endpoint | number = TLS_MAX_CHAIN_CERTS;\n`],
    ["lib/scan/checks/x.ts", `import { probeSmtp } from "../net/smtp";\nexport const x = probeSmtp;\n`],
    // A file merely named like a layer inside net/ is not that layer.
    ["lib/scan/net/x.ts", `import { y } from "./checks-helper";\nexport const x = y;\n`],
  ])("%s may import what it observes with: %s", async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

describe("only lib/scan/x509 parses certificates and hashes keys", () => {
  it.each([
    ["lib/scan/suggest/x.ts", `import { createHash } from "node:crypto";\nexport const x = createHash("sha256").update("k").digest("hex");\n`],
    ["lib/scan/checks/dane/x.ts", `import { X509Certificate } from "node:crypto";\nexport const x = (d: Buffer) => new X509Certificate(d).publicKey.export({ type: "spki", format: "der" });\n`],
    ["lib/scan/checks/x.ts", `import type { X509Certificate } from "node:crypto";\nexport type X = X509Certificate;\n`],
    ["lib/scan/what-if/x.ts", `import { createPublicKey } from "crypto";\nexport const x = createPublicKey;\n`],
    ["lib/scan/checks/x.ts", `import crypto from "node:crypto";\nexport const x = crypto.createHash("sha256");\n`],
    ["lib/scan/checks/x.ts", `import * as crypto from "node:crypto";\nexport const x = crypto.createHash("sha256");\n`],
    ["lib/scan/net/x.ts", `import { createHash } from "node:crypto";\nexport const x = createHash;\n`],
  ])("%s: %s is rejected", async (file, code) => {
    expect(restricted(await errorsFor(file, code))).toBe(true);
  });

  it("WebCrypto digests are rejected outside x509 too", async () => {
    const errors = await errorsFor("lib/scan/checks/x.ts", `export const x = (d: Uint8Array) => crypto.subtle.digest("SHA-256", d);\n`);
    expect(restricted(errors, "no-restricted-properties")).toBe(true);
  });

  it.each([
    // DNS message ids are random numbers, not key digests (RFC 5452 §9.2).
    ["lib/scan/net/x.ts", `import { randomInt } from "node:crypto";\nexport const x = randomInt(65536);\n`],
    ["lib/scan/x509/x.ts", `import { createHash, X509Certificate } from "node:crypto";\nexport const x = [createHash, X509Certificate];\n`],
    // Outside lib/scan the rule does not apply (lib/db hashes paths for its data directory).
    ["lib/db/x.ts", `import { createHash } from "node:crypto";\nexport const x = createHash;\n`],
  ])("%s may use: %s", async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });

  it.each([
    ["lib/scan/x509/x.ts", `import { probeSmtp } from "../net/smtp";\nexport const x = probeSmtp;\n`],
    ["lib/scan/x509/x.ts", `import { matchTlsa } from "../checks/dane/match-tlsa";\nexport const x = matchTlsa;\n`],
    ["lib/scan/x509/x.ts", `import tls from "node:tls";\nexport const x = tls;\n`],
    ["lib/scan/x509/x.ts", `export const x = process.env.NODE_EXTRA_CA_CERTS;\n`],
  ])("x509 stays pure and at the bottom: %s %s is rejected", async (file, code) => {
    const errors = await errorsFor(file, code);
    expect(restricted(errors) || restricted(errors, "no-restricted-properties")).toBe(true);
  });
});
