/**
 * The certificates of the seeded world: a root and an issuing CA made at seed time, and leaf
 * certificates issued from them, so the seeded reports carry real SPKI digests, chains and DANE
 * matches computed by the scanner's own code. EC P-256 keeps issuing fast. Nothing is written to
 * disk; the keys never leave this process.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { randomBytes, webcrypto } from "node:crypto";

// Node's webcrypto implements the WebCrypto interface @peculiar/x509 expects.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const DAY_MS = 86_400_000;
const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

export type Leaf = {
  /** What a server presents: the leaf, then the issuing CA (DER, leaf first). */
  chainDer: Buffer[];
};

export type LeafOptions = {
  names: string[];
  /** Validity; default: issued 60 days ago, valid for 90 days from issue. */
  notBefore?: Date;
  notAfter?: Date;
  /** Self-signed instead of issued by the seed CA (cert-untrusted). */
  selfSigned?: boolean;
};

export type SeedPki = {
  /** The root as PEM: the only trust anchor of the seeded scans. */
  rootPem: string;
  issue(options: LeafOptions): Promise<Leaf>;
};

type Signer = { keys: CryptoKeyPair; cert: x509.X509Certificate };

const serial = () => `01${randomBytes(15).toString("hex")}`;
const der = (c: x509.X509Certificate) => Buffer.from(c.rawData);
const keys = async () => (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;

async function caCert(name: string, own: CryptoKeyPair, parent: Signer | null, now: number): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, parent ? 0 : 1, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(own.publicKey),
  ];
  const validity = { notBefore: new Date(now - 3_000 * DAY_MS), notAfter: new Date(now + 3_000 * DAY_MS) };
  if (!parent) return x509.X509CertificateGenerator.createSelfSigned({ serialNumber: serial(), name, keys: own, extensions, signingAlgorithm: SIGN, ...validity });
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: name,
    issuer: parent.cert.subject,
    publicKey: own.publicKey,
    signingKey: parent.keys.privateKey,
    signingAlgorithm: SIGN,
    extensions,
    ...validity,
  });
}

/** A fresh PKI: "Seed Root CA" → "Seed Issuing CA R1" → leaves. */
export async function createSeedPki(now: Date): Promise<SeedPki> {
  const t = now.getTime();
  const rootKeys = await keys();
  const root: Signer = { keys: rootKeys, cert: await caCert("CN=Seed Root CA, O=mailposture seed", rootKeys, null, t) };
  const issuingKeys = await keys();
  const issuing: Signer = { keys: issuingKeys, cert: await caCert("CN=Seed Issuing CA R1, O=mailposture seed", issuingKeys, root, t) };

  async function issue(o: LeafOptions): Promise<Leaf> {
    const own = await keys();
    const subject = `CN=${o.names[0]}`;
    const validity = { notBefore: o.notBefore ?? new Date(t - 60 * DAY_MS), notAfter: o.notAfter ?? new Date(t + 30 * DAY_MS) };
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(o.names.map((value) => ({ type: "dns" as const, value }))),
      await x509.SubjectKeyIdentifierExtension.create(own.publicKey),
    ];
    if (o.selfSigned) {
      const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: serial(), name: subject, keys: own, extensions, signingAlgorithm: SIGN, ...validity });
      return { chainDer: [der(cert)] };
    }
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuing.keys.publicKey));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject,
      issuer: issuing.cert.subject,
      publicKey: own.publicKey,
      signingKey: issuing.keys.privateKey,
      signingAlgorithm: SIGN,
      extensions,
      ...validity,
    });
    return { chainDer: [der(cert), der(issuing.cert)] };
  }

  return { rootPem: root.cert.toString("pem"), issue };
}
