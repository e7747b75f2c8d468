/**
 * Parsing of the JSON API's (and the Fix tab's) path and query parameters into service inputs.
 * Bad values become ServiceErrors, so route handlers only map errors to statuses.
 */
import { normalizeDomain } from "@/lib/scan/normalize";
import { NotFoundError, ValidationError } from "@/lib/services/errors";

/**
 * A domain from a URL path segment (already percent-decoded by the router, or not): the stored
 * A-label form. A value that is not a domain name cannot name a stored domain, so it is "not
 * found" rather than a validation error (no hint about what exists).
 */
export function domainFromPath(segment: string): string {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    throw new NotFoundError("No such domain in this workspace");
  }
  const normalized = normalizeDomain(text);
  if (!normalized.ok) throw new NotFoundError("No such domain in this workspace");
  return normalized.domain;
}

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;

export type Paging = { page: number; perPage: number };

function positiveInt(raw: string | null, name: string, fallback: number, max?: number): number {
  if (raw === null || raw === "") return fallback;
  if (!/^[0-9]{1,9}$/.test(raw)) throw new ValidationError(`${name} must be a whole number`, { [name]: `${name} must be a whole number` });
  const n = Number(raw);
  if (n < 1) throw new ValidationError(`${name} must be at least 1`, { [name]: `${name} must be at least 1` });
  if (max !== undefined && n > max) throw new ValidationError(`${name} must be at most ${max}`, { [name]: `${name} must be at most ${max}` });
  return n;
}

/** `?page=` (1-based, default 1) and `?per_page=` (default 50, at most 500). */
export function pagingFrom(params: URLSearchParams): Paging {
  return {
    page: positiveInt(params.get("page"), "page", 1),
    perPage: positiveInt(params.get("per_page"), "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
}
