/** One result shape for every server action, and the one place service errors become results. */
import { ServiceError } from "@/lib/services/errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof ServiceError) return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors };
    console.error("[action]", err);
    return { ok: false, code: "INTERNAL", message: "Something went wrong on the server; nothing was changed. Try again." };
  }
}
