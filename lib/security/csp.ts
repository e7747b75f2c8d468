/**
 * The security headers of every response and the Content-Security-Policy with a per-request
 * nonce (CSP Level 3). Pure apart from `newNonce`, which draws the random bytes.
 */
import { randomBytes } from "node:crypto";

export type CspOptions = {
  /** Base64 nonce of this response; Next.js reads it from the request's CSP and puts it on its scripts. */
  nonce: string;
  /** `next dev`: React's dev build reconstructs server stacks with eval. Never in production. */
  dev: boolean;
  /** The public URL is https (upgrade-insecure-requests would break a plain-http loopback app). */
  upgradeInsecure: boolean;
};

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/;

/** 128 random bits, base64: unguessable per response (CSP3 §7.2 asks for at least 128 bits). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(options: CspOptions): string {
  // The nonce lands in a header: anything but base64 would let a caller inject directives.
  if (!NONCE.test(options.nonce)) throw new Error("CSP nonce must be base64 of at least 12 bytes");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': scripts that a nonce-bearing script loads (Next.js chunks) run too, and
    // host allow-lists are ignored, so only what Next.js itself emitted with the nonce can start.
    ["script-src", "'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    // React writes style="" attributes (grade strip positions, indentation). Styles cannot run
    // code, and a nonce here would make browsers ignore 'unsafe-inline' for those attributes.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    // Clickjacking: no page may frame the dashboard (X-Frame-Options repeats it for old browsers).
    ["frame-ancestors", "'none'"],
  ];
  if (options.upgradeInsecure) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** The headers every response carries besides the CSP itself. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Not stricter on purpose: with "no-referrer" a browser sends `Origin: null` on same-origin
    // form posts (Fetch, "serializing a request origin"), which the Origin check must refuse.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // The dashboard uses none of these; a framed or injected script cannot ask for them either.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}
