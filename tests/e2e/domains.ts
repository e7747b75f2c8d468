/**
 * Domains the browser tests' lab serves (all under the reserved .test TLD), their zones, and the
 * switch that changes a zone between two scans (global-setup runs the lab in the runner process;
 * tests reach it through a small control endpoint on loopback).
 */
import type { Zone } from "../helpers/dns-server";
import type { LabMxHost, LabPolicy } from "../helpers/lab";
import { labDomainZone } from "../helpers/lab";

export const E2E_MX = "mx.e2e-lab.test";
export const E2E_DOMAINS = {
  good: "good.e2e-lab.test",
  second: "second.e2e-lab.test",
} as const;

/** Domains for the queue test: 100 of them, all pointing at the lab MX. */
export const E2E_BULK = Array.from({ length: 100 }, (_, i) => `bulk${i}.e2e-lab.test`);

/** The dashboard tests' domains: a well-protected one, a weak one, and one whose zone changes. */
export const DASH = {
  /** Signed zone, MTA-STS enforce, DANE on its own MX, TLS-RPT, DMARC reject. */
  strong: "strong.dash-lab.test",
  /** Shared MX, no MTA-STS, no TLS-RPT, DMARC p=none, SPF ~all. */
  weak: "weak.dash-lab.test",
  /** Like weak, but DMARC goes p=none → p=quarantine and TLS-RPT appears in the "after" variant. */
  drift: "drift.dash-lab.test",
} as const;
export const STRONG_MX = "mx.strong.dash-lab.test";

/** The domain whose TXT records carry markup and script URLs (tests/e2e/xss.spec.ts). */
export const XSS_DOMAIN = "xss.dash-lab.test";
export const XSS_SCRIPT = "<script>window.__xss=1</script>";
export const XSS_SCRIPT_AFTER = "<script>window.__xss=2</script>";

export const STRONG_POLICY = ["version: STSv1", "mode: enforce", `mx: ${STRONG_MX}`, "max_age: 604800"].join("\r\n") + "\r\n";

export type Variant = "before" | "after";
/** Which zone each changeable domain serves right now. */
export type Variants = { drift: Variant; xss: Variant };
export const INITIAL_VARIANTS: Variants = { drift: "before", xss: "before" };

const txt = (name: string, data: string) => ({ name, type: "TXT" as const, data });
const mx = (host: string) => ({ name: "@", type: "MX" as const, data: `10 ${host}.` });

function strongZone(): Zone {
  const d = DASH.strong;
  return {
    origin: d,
    dnssec: "signed",
    records: [
      mx(STRONG_MX),
      txt("@", "v=spf1 mx -all"),
      txt("_dmarc", `v=DMARC1; p=reject; rua=mailto:dmarc@${d}`),
      txt("_mta-sts", "v=STSv1; id=20260101T000000"),
      txt("_smtp._tls", `v=TLSRPTv1; rua=mailto:tlsrpt@${d}`),
    ],
  };
}

function weakZone(): Zone {
  return { origin: DASH.weak, dnssec: "unsigned", records: [mx(E2E_MX), txt("@", "v=spf1 mx ~all"), txt("_dmarc", "v=DMARC1; p=none")] };
}

function driftZone(v: Variant): Zone {
  const d = DASH.drift;
  return {
    origin: d,
    dnssec: "unsigned",
    records: [
      mx(E2E_MX),
      txt("@", "v=spf1 mx -all"),
      txt("_dmarc", `v=DMARC1; p=${v === "before" ? "none" : "quarantine"}; rua=mailto:dmarc@${d}`),
      ...(v === "after" ? [txt("_smtp._tls", `v=TLSRPTv1; rua=mailto:tlsrpt@${d}`)] : []),
    ],
  };
}

/**
 * Every TXT record the dashboard renders carries markup or a script URL: SPF with a `<script>`
 * "mechanism" and a right-to-left override, DMARC with `rua=javascript:` and an `<img onerror>`
 * in ruf, `_mta-sts` with a `<script>` id, TLS-RPT with `rua=javascript:`. The "after" variant
 * changes them, so the compare view shows them on both sides.
 */
function xssZone(v: Variant): Zone {
  const script = v === "before" ? XSS_SCRIPT : XSS_SCRIPT_AFTER;
  const n = v === "before" ? 1 : 2;
  return {
    origin: XSS_DOMAIN,
    dnssec: "unsigned",
    records: [
      mx(E2E_MX),
      txt("@", `v=spf1 mx ${script} include:\u202Etset.elpmaxe -all`),
      txt("_dmarc", `v=DMARC1; p=none; rua=javascript:alert(${n}); ruf=mailto:"><img src=x onerror=window.__xss=${n}>@${XSS_DOMAIN}`),
      txt("_mta-sts", `v=STSv1; id=${script}`),
      txt("_smtp._tls", `v=TLSRPTv1; rua=javascript:alert(${n})`),
    ],
  };
}

/** Every zone of the browser tests' lab, with the changeable domains in the given variants. */
export function e2eZones(variants: Variants): Zone[] {
  return [
    ...[...Object.values(E2E_DOMAINS), ...E2E_BULK].map((d) => labDomainZone(d, E2E_MX)),
    strongZone(),
    weakZone(),
    driftZone(variants.drift),
    xssZone(variants.xss),
  ];
}

/** MX hosts besides E2E_MX: the strong domain's, in its signed zone with a TLSA record. */
export const E2E_MX_HOSTS: LabMxHost[] = [{ host: STRONG_MX, dnssec: "signed", tlsa: true }];
export const E2E_POLICIES: LabPolicy[] = [{ domain: DASH.strong, body: STRONG_POLICY }];

/** Switches changeable domains to other zones, from the next DNS query on (see global-setup). */
export async function setZoneVariants(change: Partial<Variants>): Promise<void> {
  const control = process.env.E2E_LAB_CONTROL;
  if (!control) throw new Error("E2E_LAB_CONTROL is not set: run through `npx playwright test` (global-setup)");
  const res = await fetch(`${control}/variants`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(change) });
  if (!res.ok) throw new Error(`lab control answered ${res.status}: ${await res.text()}`);
}

/** Removes the given domains (their scans, findings and latest rows cascade), so later spec files see an untouched portfolio. */
export async function removeDomains(names: string[]): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("E2E_DATABASE_URL is not set: run through `npx playwright test` (global-setup)");
  const { createDb } = await import("../../lib/db/client");
  const db = createDb(databaseUrl);
  try {
    await db.domain.deleteMany({ where: { name: { in: names } } });
  } finally {
    await db.$disconnect();
  }
}
