/**
 * URI syntax for report destinations (TLS-RPT `rua`, DMARC `rua`/`ruf`): RFC 3986 §3 for the
 * generic shape, RFC 6068 for mailto, RFC 9110 §4.2.2 for https. Shared by tls-rpt and dmarc.
 */

export type ReportUri = {
  uri: string;
  /** Lower-cased scheme. */
  scheme: string;
  /** The host that receives the reports: the mailto address's domain or the URI's authority host. */
  host?: string;
  /** mailto only: the address (local@domain). */
  address?: string;
};

export type ReportUriParse = { ok: true; value: ReportUri } | { ok: false; message: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;
// RFC 3986 §2: unreserved / reserved / pct-encoded. Commas and "!" are excluded here because
// both report grammars use them as separators (RFC 8460 §3, RFC 7489 §6.4: they MUST be encoded).
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@$&'()*+;=]|%[0-9A-Fa-f]{2})*$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// RFC 5322 dot-atom local part (quoted local parts would need encoding inside a URI anyway).
const LOCAL_PART = /^[A-Za-z0-9!#$&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$&'*+/=?^_`{|}~-]+)*$/;

function isHostName(host: string): boolean {
  const name = host.replace(/\.$/, "");
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split(".");
  // A report destination must be a fully qualified name: at least two labels.
  return labels.length >= 2 && labels.every((label) => label.length <= 63 && HOST_LABEL.test(label));
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function parseMailto(uri: string, rest: string): ReportUriParse {
  const to = rest.split("?")[0] ?? "";
  const address = decode(to);
  if (address === undefined) return { ok: false, message: `"${uri}": bad percent-encoding` };
  const at = address.lastIndexOf("@");
  if (at <= 0) return { ok: false, message: `"${uri}": mailto address has no local part or no @domain` };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!LOCAL_PART.test(local)) return { ok: false, message: `"${uri}": "${local}" is not a valid mailbox local part` };
  if (!isHostName(domain)) return { ok: false, message: `"${uri}": "${domain}" is not a valid domain name` };
  const host = domain.toLowerCase().replace(/\.$/, "");
  return { ok: true, value: { uri, scheme: "mailto", host, address: `${local}@${host}` } };
}

function parseHttps(uri: string, rest: string): ReportUriParse {
  // RFC 9110 §4.2.2: an https URI has an authority with a non-empty host.
  if (!rest.startsWith("//")) return { ok: false, message: `"${uri}": https URI has no //authority` };
  const authority = rest.slice(2).split(/[/?#]/)[0] ?? "";
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:]+)(?::([0-9]*))?$/.exec(hostPort);
  if (match === null) return { ok: false, message: `"${uri}": malformed authority "${authority}"` };
  const host = (match[1] as string).toLowerCase();
  if (!host.startsWith("[") && !isHostName(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) {
    return { ok: false, message: `"${uri}": "${host}" is not a valid host` };
  }
  return { ok: true, value: { uri, scheme: "https", host: host.replace(/\.$/, "") } };
}

/** Checks one report URI's syntax and extracts where the reports go. */
export function parseReportUri(text: string): ReportUriParse {
  const uri = text;
  const scheme = SCHEME.exec(uri);
  if (scheme === null) return { ok: false, message: `"${uri}" is not a URI (no scheme)` };
  if (!URI_CHARS.test(uri)) return { ok: false, message: `"${uri}" contains characters a URI may not (spaces, raw "," or "!", non-ASCII)` };
  if ((uri.match(/#/g) ?? []).length > 1) return { ok: false, message: `"${uri}" has more than one "#"` };
  const name = (scheme[1] as string).toLowerCase();
  const rest = scheme[2] as string;
  if (name === "mailto") return parseMailto(uri, rest);
  if (name === "https") return parseHttps(uri, rest);
  return { ok: true, value: { uri, scheme: name } };
}
