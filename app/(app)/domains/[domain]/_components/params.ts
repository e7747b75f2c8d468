/**
 * Route params arrive percent-encoded. A malformed escape (`%ff%fe`), or a decoded name with
 * characters no stored domain has (a NUL from `%00`, spaces, slashes …), is a name no domain
 * has: null, so the page answers 404 instead of passing it to the database (which rejects NUL
 * with an error, a 500). Stored names are normalized A-labels, so nothing real is turned away.
 */
const STORED_NAME = /^[a-z0-9_.-]{1,253}$/;

export function decodeParam(raw: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(raw).toLowerCase();
  } catch {
    return null;
  }
  return STORED_NAME.test(text) ? text : null;
}

/** `await params` itself can throw on a malformed escape: treated as a name no domain has. */
export async function awaitParams<T>(params: Promise<T>): Promise<T | null> {
  try {
    return await params;
  } catch {
    return null;
  }
}
