/**
 * Where to go after signing in: only a path on this app. `//evil.example`, `/\evil`, absolute URLs
 * and anything with a scheme fall back to "/" (an open redirect would make phishing links look ours).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  // Control characters (CR/LF header splitting, NUL) and backslashes (read as "/" by browsers).
  for (const ch of next) if (ch.charCodeAt(0) < 0x20 || ch === "\\") return "/";
  return next.slice(0, 2048);
}
