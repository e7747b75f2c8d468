/** The one error vocabulary of the services layer; app/ maps it once to results and HTTP statuses. */

export type ServiceErrorCode = "NOT_FOUND" | "VALIDATION" | "CONFLICT" | "RATE_LIMITED" | "FORBIDDEN" | "UNAUTHENTICATED" | "INTERNAL";

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** Per-field messages for forms, e.g. { domain: "Enter a domain name, not a URL" }. */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export class NotFoundError extends ServiceError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

export class ValidationError extends ServiceError {
  constructor(message: string, fieldErrors?: Record<string, string>) {
    super("VALIDATION", message, fieldErrors);
  }
}

/** Over a quota: 429, with the seconds after which a retry can succeed (`Retry-After`). */
export class RateLimitedError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("RATE_LIMITED", message);
  }
}

export const HTTP_STATUS: Record<ServiceErrorCode, number> = {
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  INTERNAL: 500,
};
