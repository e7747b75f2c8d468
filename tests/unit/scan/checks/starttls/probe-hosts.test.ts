/**
 * probeHosts: the probe (net/) only observes; the certificate fields of each endpoint are judged
 * here, against the trust anchors the scan passes in (ScanDeps.anchors).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { MxHostObservation } from "@/lib/scan/checks/mx/lookup-mx";
import { probeHosts, type EndpointProbe } from "@/lib/scan/checks/starttls/probe-hosts";
import type { SmtpProbeResult } from "@/lib/scan/net/smtp";
import type { Endpoint } from "@/lib/scan/types";
import { createTrustAnchors } from "@/lib/scan/x509";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const HOST = "mx1.example.test";
let ca: TestCa;
let leaf: IssuedCertificate;

beforeAll(async () => {
  ca = await createTestCa();
  leaf = await ca.issue({ names: [HOST] });
});

/** Only the fields probeHosts reads; the rest of the MX observation does not matter here. */
const mxHost = (addresses: string[]) => ({ host: HOST, addresses }) as unknown as MxHostObservation;

/** A probe that observes a completed STARTTLS with `chain`, like net/smtp-endpoint.ts. */
const observing = (chain: Buffer[]): EndpointProbe => async (options) => {
  const probe: SmtpProbeResult = {
    state: "ok", phase: "done", ehloKeywords: ["STARTTLS"], usedHelo: false, starttlsOffered: true,
    injectedBytesDiscarded: 0, tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" }, peerChain: chain,
  };
  return { endpoint: { address: options.address, starttls: "ok", tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" } }, probe };
};

describe("probeHosts judges what the probe observed", () => {
  it("adds certificate and chain, judged against the anchors passed in", async () => {
    const seen: Endpoint[] = [];
    const options = { port: 25, allowPrivate: true, ehloName: "scanner.test.invalid", onEndpoint: (_h: string, e: Endpoint) => seen.push(e) };
    const trusting = await probeHosts([mxHost(["127.0.0.1"])], observing(leaf.chainDer), { ...options, anchors: createTrustAnchors([ca.rootPem]) });
    const endpoint = trusting[0]?.endpoints[0];
    expect(endpoint?.endpoint.certificate).toMatchObject({ trusted: true, nameMatches: true, san: [HOST] });
    expect(endpoint?.endpoint.chain).toHaveLength(2);
    expect(endpoint?.peerChain).toBe(leaf.chainDer);
    // Progress listeners get the judged endpoint too.
    expect(seen[0]?.certificate?.trusted).toBe(true);

    const other = await createTestCa({ name: "other" });
    const distrusting = await probeHosts([mxHost(["127.0.0.1"])], observing(leaf.chainDer), { ...options, anchors: createTrustAnchors([other.rootPem]) });
    expect(distrusting[0]?.endpoints[0]?.endpoint.certificate?.trusted).toBe(false);
  });

  it("an endpoint the guard refuses is never probed and carries no certificate", async () => {
    let probed = 0;
    const probe: EndpointProbe = async (options) => {
      probed++;
      return observing(leaf.chainDer)(options);
    };
    const result = await probeHosts([mxHost(["127.0.0.1"])], probe, { port: 25, allowPrivate: false, ehloName: "scanner.test.invalid", anchors: createTrustAnchors([ca.rootPem]) });
    expect(probed).toBe(0);
    expect(result[0]?.endpoints[0]?.endpoint).toMatchObject({ starttls: "blocked" });
    expect(result[0]?.endpoints[0]?.endpoint.certificate).toBeUndefined();
  });
});
