/**
 * Certificates whose SubjectPublicKeyInfo is encoded in a legal but unusual way, made at test
 * time, so that re-exporting the key (what a naive SPKI digest does) gives different bytes than
 * the certificate holds. TLSA selector 1 hashes the SPKI *as it appears in the certificate*
 * (RFC 6698 §2.1.2, RFC 7671 §5.1); these certificates tell the two apart.
 *
 * - "rsa-no-null": rsaEncryption with the AlgorithmIdentifier parameters absent instead of NULL
 *   (RFC 3279 §2.3.1 asks for NULL; absent parameters are seen in the wild and OpenSSL accepts them).
 * - "ec-explicit": a P-256 key with explicit curve parameters (RFC 3279 §2.3.5 ECParameters)
 *   instead of the named-curve OID.
 * - "ec-compressed": a P-256 key whose point is in compressed form (SEC 1 §2.3.3).
 *
 * The certificates are assembled by hand: @peculiar/x509 builds a template (names, dates,
 * extensions), then the SPKI in its TBSCertificate is replaced and the TBS signed again with the
 * real issuer's key. The DER walk here is the helper's own, independent of lib/scan/x509.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, webcrypto, type KeyObject } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type OddSpkiKind = "rsa-no-null" | "ec-explicit" | "ec-compressed";

export type OddCertificate = {
  der: Buffer;
  /** The SubjectPublicKeyInfo bytes exactly as placed in the certificate. */
  spki: Buffer;
  /**
   * The same key in its common encoding (NULL parameters, named curve, uncompressed point), as a
   * re-export typically writes it: different bytes, so a different SPKI digest.
   */
  standardSpki: Buffer;
};

export type OddChain = {
  kind: OddSpkiKind;
  /** Self-signed CA, its own SPKI in the odd encoding. */
  ca: OddCertificate;
  /** Leaf for `host`, issued by `ca`, its SPKI in the odd encoding too. */
  leaf: OddCertificate;
  /** What a server presents: leaf, then the CA (RFC 7672 §3.1.2 asks servers to send the TA). */
  chainDer: Buffer[];
};

const DAY_MS = 86_400_000;

// --- DER, just enough for certificates -----------------------------------------------------

type Tlv = { tag: number; header: number; end: number; start: number };

function readTlv(der: Buffer, at: number): Tlv {
  const tag = der[at]!;
  const first = der[at + 1]!;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[at + 2 + i]!;
    header = 2 + octets;
  }
  return { tag, header, start: at, end: at + header + length };
}

/** The children of the constructed TLV at `at`, as byte slices. */
function children(der: Buffer, at = 0): Buffer[] {
  const outer = readTlv(der, at);
  const out: Buffer[] = [];
  for (let i = outer.start + outer.header; i < outer.end; ) {
    const tlv = readTlv(der, i);
    out.push(der.subarray(tlv.start, tlv.end));
    i = tlv.end;
  }
  return out;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

// --- odd encodings -----------------------------------------------------------------------------

/** SEQ { SEQ { rsaEncryption } , BIT STRING }: the NULL parameters left out. */
function rsaWithoutNull(standardSpki: Buffer): Buffer {
  const [algorithm, key] = children(standardSpki);
  const [oid] = children(algorithm!);
  return tlv(0x30, tlv(0x30, oid!), key!);
}

/** SEQ { SEQ { ecPublicKey, prime256v1 }, BIT STRING 02|03 || X }: the point compressed. */
function ecCompressed(standardSpki: Buffer): Buffer {
  const [algorithm, key] = children(standardSpki);
  const bits = key!.subarray(readTlv(key!, 0).header); // 00 (unused bits) 04 X Y
  const point = bits.subarray(1);
  if (point[0] !== 0x04 || point.length !== 65) throw new Error("expected an uncompressed P-256 point");
  const x = point.subarray(1, 33);
  const yOdd = (point[64]! & 1) === 1;
  return tlv(0x30, algorithm!, tlv(0x03, Buffer.from([0x00, yOdd ? 0x03 : 0x02]), x));
}

/** The named-curve form of an explicit-parameters P-256 SPKI: ecPublicKey + prime256v1 (RFC 5480 §2.1.1). */
function ecNamed(explicitSpki: Buffer): Buffer {
  const [, key] = children(explicitSpki);
  const ecPublicKey = Buffer.from("06072a8648ce3d0201", "hex"); // 1.2.840.10045.2.1
  const prime256v1 = Buffer.from("06082a8648ce3d030107", "hex"); // 1.2.840.10045.3.1.7
  return tlv(0x30, tlv(0x30, ecPublicKey, prime256v1), key!);
}

type RealKey = { privateKey: KeyObject; spki: Buffer; standardSpki: Buffer; type: "rsa" | "ec" };

function realKey(kind: OddSpkiKind): RealKey {
  if (kind === "rsa-no-null") {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const standard = publicKey.export({ type: "spki", format: "der" });
    return { privateKey, spki: rsaWithoutNull(standard), standardSpki: standard, type: "rsa" };
  }
  if (kind === "ec-explicit") {
    const pair = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      paramEncoding: "explicit",
      publicKeyEncoding: { type: "spki", format: "der" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const privateKey = createPrivateKey(pair.privateKey);
    return { privateKey, spki: pair.publicKey, standardSpki: ecNamed(pair.publicKey), type: "ec" };
  }
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const standard = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, spki: ecCompressed(standard), standardSpki: standard, type: "ec" };
}

// --- certificates --------------------------------------------------------------------------------

async function placeholderKeys(type: "rsa" | "ec"): Promise<CryptoKeyPair> {
  const algorithm = type === "rsa"
    ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: "P-256" };
  return (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
}

function signingAlgorithm(type: "rsa" | "ec"): Algorithm | EcdsaParams {
  return type === "ec" ? ({ name: "ECDSA", hash: "SHA-256" } as EcdsaParams) : { name: "RSASSA-PKCS1-v1_5" };
}

/** Puts `spki` into the template's TBSCertificate and signs it again with `signer`'s key. */
function transplant(template: Buffer, spki: Buffer, signer: KeyObject): Buffer {
  const [tbs, signatureAlgorithm] = children(template);
  const fields = children(tbs!);
  const spkiIndex = fields[0]![0] === 0xa0 ? 6 : 5; // after [0] version, serial, signature, issuer, validity, subject
  fields[spkiIndex] = spki;
  const newTbs = tlv(0x30, ...fields);
  // RSA: PKCS #1 v1.5 with SHA-256; EC: DER ECDSA-Sig-Value with SHA-256 (Node's defaults).
  const signature = sign("sha256", newTbs, signer);
  return tlv(0x30, newTbs, signatureAlgorithm!, tlv(0x03, Buffer.from([0x00]), signature));
}

/** A CA and a leaf for `host`, both with `kind`'s odd SPKI encoding; names and dates valid now. */
export async function createOddChain(kind: OddSpkiKind, host: string): Promise<OddChain> {
  const caKey = realKey(kind);
  const leafKey = realKey(kind);
  const placeholder = await placeholderKeys(caKey.type);
  const now = Date.now();
  const validity = { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 90 * DAY_MS) };
  const caName = `CN=odd SPKI test CA ${kind}, O=mailposture tests`;
  const serialNumber = () => `01${randomBytes(15).toString("hex")}`;

  const caTemplate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    keys: placeholder,
    signingAlgorithm: signingAlgorithm(caKey.type),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
    ...validity,
  });
  const leafTemplate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${host}, O=mailposture tests`,
    issuer: caName,
    publicKey: placeholder.publicKey,
    signingKey: placeholder.privateKey,
    signingAlgorithm: signingAlgorithm(caKey.type),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: host }]),
    ],
    ...validity,
  });
  const caDer = transplant(Buffer.from(caTemplate.rawData), caKey.spki, caKey.privateKey);
  const leafDer = transplant(Buffer.from(leafTemplate.rawData), leafKey.spki, caKey.privateKey);
  return {
    kind,
    ca: { der: caDer, spki: caKey.spki, standardSpki: caKey.standardSpki },
    leaf: { der: leafDer, spki: leafKey.spki, standardSpki: leafKey.standardSpki },
    chainDer: [leafDer, caDer],
  };
}

/**
 * `certDer` with its SPKI replaced by one OpenSSL cannot turn into a key (an unknown algorithm
 * OID, 1.2.3.4); the signature is left as it was, so only DANE-EE can vouch for such a leaf.
 */
export function withUnreadableKey(certDer: Buffer): OddCertificate {
  const spki = tlv(0x30, tlv(0x30, Buffer.from("06032a0304", "hex")), tlv(0x03, Buffer.from([0x00]), randomBytes(64)));
  const [tbs, signatureAlgorithm, signature] = children(certDer);
  const fields = children(tbs!);
  fields[fields[0]![0] === 0xa0 ? 6 : 5] = spki;
  return { der: tlv(0x30, tlv(0x30, ...fields), signatureAlgorithm!, signature!), spki, standardSpki: spki };
}

/**
 * `certDer` with its outer signatureValue re-tagged as an INTEGER: the TBSCertificate (and the
 * SPKI in it) is intact, but OpenSSL refuses the certificate as a whole.
 */
export function withBrokenOuterStructure(certDer: Buffer): Buffer {
  const [tbs, signatureAlgorithm, signature] = children(certDer);
  const broken = Buffer.from(signature!);
  broken[0] = 0x02;
  return tlv(0x30, tbs!, signatureAlgorithm!, broken);
}
