/** Route params arrive percent-encoded; a malformed escape is a name no domain has. */
export function decodeParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return null;
  }
}
