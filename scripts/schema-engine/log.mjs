// Logging for the schema-engine shim.
//
// stdout is the JSON-RPC channel, so every log line goes to stderr. Lines use the native engine's
// tracing format ({timestamp, level, fields: {message, ...}, target}) because the Prisma CLI
// parses the engine's stderr line by line as JSON: it collects `fields.message` for its crash
// report and, for `cli …` subcommands, looks for the ERROR line from target `schema_engine::logger`
// to read `fields.error_code`/`fields.message`. A non-JSON line there breaks that parser.

/** Writes one already-serialized JSON log line, ignoring a closed pipe (the CLI may be gone). */
export function writeLogLine(line) {
  try {
    process.stderr.write(line.replace(/\r?\n/g, " ") + "\n");
  } catch {
    // EPIPE after the CLI exited: nothing useful left to do with the message.
  }
}

export function log(level, message, fields = {}, target = "schema_engine_shim") {
  writeLogLine(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target }),
  );
}

export const info = (message, fields) => log("INFO", message, fields);
export const warn = (message, fields) => log("WARN", message, fields);
