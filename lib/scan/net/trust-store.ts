/**
 * Where the trust anchors for `certificate.trusted` come from: Node's default roots plus the
 * extra roots a lab configures with NODE_EXTRA_CA_CERTS (spec: "how a lab's private CA is
 * trusted").
 *
 * Why not just ask Node's TLS stack? On Node 20, `tls.rootCertificates` is the bundled Mozilla
 * list only: the NODE_EXTRA_CA_CERTS certificates live in OpenSSL's default store, which no
 * JavaScript API exposes, and OpenSSL's own verdict (socket.authorized) cannot ignore validity
 * dates and reports only its last error. So the caller passes the variable's *path* (lib/scan
 * reads no env) and we read the same file Node read at startup. Where Node offers
 * `tls.getCACertificates("default")` (22.15+/23.10+), that list already includes the extra
 * certificates and is used instead of the bundled list.
 *
 * Load once per process and reuse: parsing ~150 roots takes a few milliseconds.
 */
import { readFile } from "node:fs/promises";
import tls from "node:tls";
import { createTrustAnchors, splitPemBundle, type TrustAnchors } from "../x509";

export type TrustStoreOptions = {
  /** Path of a PEM bundle of extra roots: the caller passes NODE_EXTRA_CA_CERTS here. */
  extraCaFile?: string;
  /** Extra roots given as PEM text. */
  extraCaPem?: readonly string[];
  /** Include Node's default roots (default true; tests turn it off to trust only their CA). */
  includeDefaultRoots?: boolean;
};

export type LoadedTrustStore = {
  anchors: TrustAnchors;
  /** Problems that left roots out (unreadable or empty extra file); like Node, we carry on. */
  warnings: string[];
};

type TlsWithCaList = typeof tls & { getCACertificates?: (type?: "default" | "bundled" | "system" | "extra") => string[] };

function defaultRoots(): readonly string[] {
  const getCaList = (tls as TlsWithCaList).getCACertificates;
  return typeof getCaList === "function" ? getCaList("default") : tls.rootCertificates;
}

/** Builds the trust anchors `trusted` is judged against. */
export async function loadTrustAnchors(options: TrustStoreOptions = {}): Promise<LoadedTrustStore> {
  const warnings: string[] = [];
  const pems: string[] = options.includeDefaultRoots === false ? [] : [...defaultRoots()];
  for (const pem of options.extraCaPem ?? []) pems.push(...splitPemBundle(pem));
  if (options.extraCaFile) {
    try {
      const found = splitPemBundle(await readFile(options.extraCaFile, "utf8"));
      if (found.length === 0) warnings.push(`no certificate found in extra CA file ${options.extraCaFile}`);
      pems.push(...found);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      warnings.push(`extra CA file ${options.extraCaFile} could not be read (${code}); its roots are not trusted`);
    }
  }
  return { anchors: createTrustAnchors(pems), warnings };
}
