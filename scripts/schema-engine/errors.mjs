/* global WebAssembly -- a Node global the lint config does not list */
// Turns failures into the JSON-RPC error objects the Prisma CLI understands.
//
// The CLI reads `error.data`: with `is_panic` it reports an engine crash; otherwise it prints
// `data.message`, prefixed by `data.error_code` when there is one (e.g. "P3018"). This mirrors the
// native engine's user-facing error serialization.
import { describeConnectionError } from "./db.mjs";
import { panicRegistry } from "./wasm.mjs";

const RPC_ERROR_CODE = 4466; // the code the native engine uses for every user-facing error
const RPC_ERROR_MESSAGE = "An error happened. Check the data field for details.";

/** Splits the engine's message from the span trace ("   0: module::fn …") it appends. */
function splitTrace(message) {
  const lines = String(message ?? "").split("\n");
  const start = lines.findIndex((line) => /^\s*\d+: \S/.test(line));
  if (start === -1) return { text: lines.join("\n").trim(), trace: "" };
  return { text: lines.slice(0, start).join("\n").trim(), trace: lines.slice(start).join("\n") };
}

function describeDbError(dbError) {
  const parts = [`ERROR: ${dbError.message}`];
  if (dbError.detail) parts.push(`DETAIL: ${dbError.detail}`);
  if (dbError.hint) parts.push(`HINT: ${dbError.hint}`);
  return parts.join("\n");
}

/** The native engine's P3018 message for a migration that failed on the target database. */
function migrationFailed(migrationName, dbError) {
  const code = dbError?.code ?? "N/A";
  const text = dbError ? describeDbError(dbError) : "unknown database error";
  return {
    is_panic: false,
    error_code: "P3018",
    message:
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
      `Migration name: ${migrationName}\n\nDatabase error code: ${code}\n\nDatabase error:\n${text}\n`,
    meta: { migration_name: migrationName, database_error_code: code, database_error: text },
  };
}

export function isPanic(error) {
  return error instanceof WebAssembly.RuntimeError;
}

// Failures to connect at all, which the wasm engine reports without their Prisma code (P1001…).
const CONNECTION_FAILURES = new Set(["DatabaseNotReachable", "3D000", "28P01", "28000"]);

/**
 * @param {unknown} error  what the engine (or the shim) threw
 * @param {{ method: string, lastDbError: any, target?: object }} context  target: the parsed main URL
 */
export function toUserFacingError(error, { method, lastDbError, target }) {
  if (isPanic(error)) {
    return { is_panic: true, message: panicRegistry.message ?? String(error), backtrace: error.stack ?? null };
  }
  if (error?.prismaCode) {
    return { is_panic: false, error_code: error.prismaCode, message: error.message, meta: error.prismaMeta ?? {} };
  }
  const { text, trace } = splitTrace(error?.message ?? error);
  // The WebAssembly engine loses the P3018 wrapping the native engine gives a failed migration
  // ("external connector error …"); rebuild it from the migration name in the trace and the raw error.
  const failedMigration = /migration_name="([^"]+)"/.exec(trace)?.[1];
  if (method === "applyMigrations" && failedMigration && !error?.code) {
    return migrationFailed(failedMigration, lastDbError);
  }
  if (error?.code) {
    return { is_panic: false, error_code: error.code, message: text, meta: error.meta ?? {} };
  }
  const failure = lastDbError?.kind ?? lastDbError?.code;
  if (target && CONNECTION_FAILURES.has(failure)) {
    const described = describeConnectionError({ code: failure === "DatabaseNotReachable" ? "ECONNREFUSED" : failure }, target);
    return { is_panic: false, error_code: described.prismaCode, message: described.message, meta: described.prismaMeta };
  }
  return { is_panic: false, message: text || "Unknown schema engine error", backtrace: trace || null };
}

export function toRpcError(data) {
  // For a panic the CLI shows the JSON-RPC message itself (not data.message).
  return { code: RPC_ERROR_CODE, message: data.is_panic ? data.message : RPC_ERROR_MESSAGE, data };
}
