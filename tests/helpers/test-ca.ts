/**
 * A private PKI made at test time: a root CA, an intermediate CA, and leaf certificates issued on
 * demand, so TLS tests need no fixture files, no `openssl` binary and nothing from the Internet.
 *
 *   const ca = await createTestCa();
 *   const leaf = await ca.issue({ names: ["mx1.example.test"] });          // EC P-256, via intermediate
 *   startSmtpServer("starttls", { tls: { key: leaf.keyPem, cert: leaf.chainPem } });
 *   const trust = await ca.writeRootPemFile();  // a file like the one NODE_EXTRA_CA_CERTS names
 *   ...; await trust.remove();
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { KeyObject, randomBytes, webcrypto } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// safe because Node's webcrypto implements the WebCrypto interface @peculiar/x509 expects.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKeyType = "ec" | "rsa";

export type IssueOptions = {
  /** subjectAltName entries: DNS names, or IP literals (become iPAddress entries). */
  names: string[];
  /** Subject CN; defaults to the first name. Verifiers must ignore it (RFC 9525 §6.2). */
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** "ec" = P-256 (default, fast); "rsa" = 2048 bits. */
  keyType?: TestKeyType;
  /** Who signs the leaf; "self" makes a self-signed leaf. Default "intermediate". */
  issuer?: "root" | "intermediate" | "self";
  /** Extended key usage OIDs of the leaf; default serverAuth only. */
  extendedKeyUsage?: string[];
  /** Put the intermediate in chainPem (default true); false models a server missing its intermediate. */
  includeIntermediate?: boolean;
  /** Also put the root in chainPem (default false; servers should not send it). */
  includeRoot?: boolean;
};

export type IssuedCertificate = {
  keyPem: string;
  /** The leaf alone. */
  certPem: string;
  /** What a server presents: the leaf, then its issuers as asked (intermediate, root). */
  chainPem: string;
  /** DER of the leaf. */
  der: Buffer;
  /** DER of every certificate in chainPem, leaf first. */
  chainDer: Buffer[];
};

export type TestCa = {
  rootPem: string;
  rootDer: Buffer;
  intermediatePem: string;
  intermediateDer: Buffer;
  issue(options: IssueOptions): Promise<IssuedCertificate>;
  /** Writes the root as PEM to a fresh temp file (the NODE_EXTRA_CA_CERTS shape). */
  writeRootPemFile(): Promise<{ path: string; remove(): Promise<void> }>;
};

type Signer = { cert: x509.X509Certificate; keys: CryptoKeyPair };

const DAY_MS = 86_400_000;

function keyAlgorithm(keyType: TestKeyType): RsaHashedKeyGenParams | EcKeyGenParams {
  return keyType === "rsa"
    ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: "P-256" };
}

/** The signature algorithm follows the signer's key, not the subject's. */
function signingAlgorithm(signerKeys: CryptoKeyPair): Algorithm | EcdsaParams {
  return signerKeys.privateKey.algorithm.name === "ECDSA"
    ? ({ name: "ECDSA", hash: "SHA-256" } as EcdsaParams)
    : { name: "RSASSA-PKCS1-v1_5" };
}

async function generateKeys(keyType: TestKeyType): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(keyAlgorithm(keyType), true, ["sign", "verify"])) as CryptoKeyPair;
}

function serial(): string {
  // Positive, 16 random bytes: a leading 0x01 keeps the DER INTEGER positive and non-zero.
  return `01${randomBytes(15).toString("hex")}`;
}

function toKeyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: "pkcs8", format: "pem" }).toString();
}

function toDer(cert: x509.X509Certificate): Buffer {
  return Buffer.from(cert.rawData);
}

async function createCaCert(name: string, keys: CryptoKeyPair, parent: Signer | null, pathLength: number): Promise<x509.X509Certificate> {
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const validity = { notBefore: new Date(now - 3_650 * DAY_MS), notAfter: new Date(now + 3_650 * DAY_MS) };
  if (!parent) {
    return x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(), name, keys, extensions, signingAlgorithm: signingAlgorithm(keys), ...validity,
    });
  }
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: name, issuer: parent.cert.subject, publicKey: keys.publicKey,
    signingKey: parent.keys.privateKey, signingAlgorithm: signingAlgorithm(parent.keys), extensions, ...validity,
  });
}

function leafExtensions(names: string[], extendedKeyUsage: string[]): x509.Extension[] {
  const san = names.map((value) => ({ type: isIP(value) ? ("ip" as const) : ("dns" as const), value }));
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(extendedKeyUsage),
    new x509.SubjectAlternativeNameExtension(san),
  ];
}

/** Creates a fresh root CA and an intermediate CA under it (EC P-256 unless asked otherwise). */
export async function createTestCa(options: { name?: string; keyType?: TestKeyType } = {}): Promise<TestCa> {
  const label = options.name ?? "mailposture test";
  const keyType = options.keyType ?? "ec";
  const rootKeys = await generateKeys(keyType);
  const root: Signer = { keys: rootKeys, cert: await createCaCert(`CN=${label} root CA, O=mailposture tests`, rootKeys, null, 1) };
  const intKeys = await generateKeys(keyType);
  const intermediate: Signer = {
    keys: intKeys,
    cert: await createCaCert(`CN=${label} intermediate CA, O=mailposture tests`, intKeys, root, 0),
  };
  const rootPem = root.cert.toString("pem");

  async function issue(opts: IssueOptions): Promise<IssuedCertificate> {
    if (opts.names.length === 0 && !opts.commonName) throw new Error("issue() needs at least one name");
    const now = Date.now();
    const keys = await generateKeys(opts.keyType ?? "ec");
    const subject = `CN=${opts.commonName ?? opts.names[0]}, O=mailposture tests`;
    const validity = {
      notBefore: opts.notBefore ?? new Date(now - DAY_MS),
      notAfter: opts.notAfter ?? new Date(now + 90 * DAY_MS),
    };
    const extensions = [...leafExtensions(opts.names, opts.extendedKeyUsage ?? [x509.ExtendedKeyUsage.serverAuth]), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)];
    const issuerKind = opts.issuer ?? "intermediate";
    let leaf: x509.X509Certificate;
    if (issuerKind === "self") {
      leaf = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial(), name: subject, keys, extensions, signingAlgorithm: signingAlgorithm(keys), ...validity,
      });
    } else {
      const signer = issuerKind === "root" ? root : intermediate;
      extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signer.keys.publicKey));
      leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(), subject, issuer: signer.cert.subject, publicKey: keys.publicKey,
        signingKey: signer.keys.privateKey, signingAlgorithm: signingAlgorithm(signer.keys), extensions, ...validity,
      });
    }
    const chain = [leaf];
    if (issuerKind === "intermediate" && opts.includeIntermediate !== false) chain.push(intermediate.cert);
    if (issuerKind !== "self" && opts.includeRoot) chain.push(root.cert);
    return {
      keyPem: toKeyPem(keys.privateKey),
      certPem: leaf.toString("pem"),
      chainPem: chain.map((c) => c.toString("pem")).join("\n"),
      der: toDer(leaf),
      chainDer: chain.map(toDer),
    };
  }

  async function writeRootPemFile(): Promise<{ path: string; remove(): Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), "mailposture-ca-"));
    const path = join(dir, "root.pem");
    await writeFile(path, `${rootPem}\n`);
    return { path, remove: () => rm(dir, { recursive: true, force: true }) };
  }

  return {
    rootPem,
    rootDer: toDer(root.cert),
    intermediatePem: intermediate.cert.toString("pem"),
    intermediateDer: toDer(intermediate.cert),
    issue,
    writeRootPemFile,
  };
}
