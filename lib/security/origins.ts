/**
 * The addresses the web app answers to, derived from its public URL (`MAILPOSTURE_URL`, default
 * `http://localhost:PORT`). Pure: the caller passes the configuration.
 *
 * Why a fixed list rather than "whatever Host the request names": in a DNS-rebinding attack the
 * attacker's name resolves to this machine, so the browser sends `Host: attacker.example` and
 * treats the app as same-origin with the attacker's page. Only a check of Host against the names
 * the operator configured tells the two apart.
 */

/** Names that all mean "this machine over loopback"; a localhost URL accepts each of them. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

export type AllowedOrigins = {
  /** `Host` header values as browsers send them (RFC 9110 §7.2): lower-case `name[:port]`, no default port. */
  readonly hosts: ReadonlySet<string>;
  /** `Origin` header values (RFC 6454 §6.2 serialisation): `scheme://name[:port]`. */
  readonly origins: ReadonlySet<string>;
  /** The public URL is https: the browser must never fall back to plain http for sub-resources. */
  readonly secure: boolean;
};

export type OriginConfig = {
  /** The public URL (`MAILPOSTURE_URL`); unset means the loopback default. */
  publicUrl?: string;
  /** The HTTP port of the app (`PORT`), used by the default URL. */
  port: number;
};

/** The accepted Host and Origin values; throws on a URL that is not a plain http(s) origin. */
export function allowedOrigins(config: OriginConfig): AllowedOrigins {
  const url = new URL(config.publicUrl ?? `http://localhost:${config.port}`);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`MAILPOSTURE_URL must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new Error("MAILPOSTURE_URL must not contain credentials");
  // WHATWG URL lower-cases the name and drops the scheme's default port, exactly as a browser
  // does when it writes Host and Origin, so the strings below compare byte for byte.
  const loopback = (LOOPBACK_NAMES as readonly string[]).includes(url.hostname);
  const names = loopback ? LOOPBACK_NAMES : [url.hostname];
  const hosts = new Set<string>();
  const origins = new Set<string>();
  for (const name of names) {
    const alias = new URL(url.origin);
    alias.hostname = name;
    hosts.add(alias.host);
    origins.add(alias.origin);
  }
  return { hosts, origins, secure: url.protocol === "https:" };
}
