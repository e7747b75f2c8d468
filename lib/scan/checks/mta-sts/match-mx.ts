function normalizeHost(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, "");
}

/**
 * Whether an MX host name matches one `mx` pattern of an MTA-STS policy (RFC 8461 §4.1):
 * case-insensitive, trailing dots ignored, and a leading `*.` stands for exactly one label.
 */
export function matchMxPattern(pattern: string, host: string): boolean {
  const p = normalizeHost(pattern);
  const h = normalizeHost(host);
  if (p.length === 0 || h.length === 0) return false;
  if (p.startsWith("*.")) {
    // RFC 8461 §4.1: "*.example.com" matches "mail.example.com" but not "example.com"
    // nor "foo.bar.example.com": the wildcard is exactly one leftmost label.
    const suffix = p.slice(1); // ".example.com"
    if (!h.endsWith(suffix)) return false;
    const label = h.slice(0, h.length - suffix.length);
    return label.length > 0 && !label.includes(".");
  }
  return p === h;
}

/** The first pattern of `patterns` that `host` matches, if any. */
export function matchMxPatterns(patterns: readonly string[], host: string): string | undefined {
  return patterns.find((pattern) => matchMxPattern(pattern, host));
}
