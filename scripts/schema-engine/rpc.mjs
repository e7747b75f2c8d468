/* global WebAssembly -- a Node global the lint config does not list */
// The JSON-RPC 2.0 server the Prisma CLI talks to: one request per stdin line, one response per
// stdout line, answered in order.
import { readFileSync } from "node:fs";
import readline from "node:readline";
import { createAdapterFactory } from "./adapter.mjs";
import { createDatabase, parseDatabaseUrl, userError, withClient } from "./db.mjs";
import { isPanic, toRpcError, toUserFacingError } from "./errors.mjs";
import { info, log, writeLogLine } from "./log.mjs";
import { loadSchemaEngine } from "./wasm.mjs";

// Methods the WebAssembly engine implements with the same name and parameters as the RPC method.
const PASS_THROUGH = [
  "applyMigrations",
  "createMigration",
  "devDiagnostic",
  "diagnoseMigrationHistory",
  "ensureConnectionValidity",
  "evaluateDataLoss",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "reset",
  "schemaPush",
];

/** The connection URL named by a `DatasourceParam`/`DbExecuteDatasourceType`, else the CLI's datasource. */
function urlOf(param, datasource) {
  const url = param?.tag === "ConnectionString" || param?.tag === "url" ? param.url : datasource.url;
  if (!url) throw userError("P1012", "No database URL: set `datasource.url` in prisma.config.ts.");
  return url;
}

/**
 * @param {{ datamodelPaths: string[], datasource: { url?: string, shadowDatabaseUrl?: string } }} options
 */
export async function serve({ datamodelPaths, datasource }) {
  const wasm = await loadSchemaEngine();
  info(`schema engine shim using ${wasm.wasmPath} (engine ${wasm.version})`);
  const state = { lastDbError: null };
  const { factory, cleanup } = createAdapterFactory(datasource, state);
  let engine = null;
  const mainTarget = () => {
    try {
      return parseDatabaseUrl(datasource.url);
    } catch {
      return undefined;
    }
  };

  async function getEngine() {
    if (engine) return engine;
    // The CLI names the schema files; the native engine reads them itself, so do we.
    const datamodels = datamodelPaths.length ? datamodelPaths.map((file) => [file, readFileSync(file, "utf8")]) : undefined;
    // The engine's tracing output already uses the native stderr format: forward it line by line.
    engine = await wasm.SchemaEngine.new({ datamodels }, (line) => writeLogLine(String(line).trim()), factory);
    return engine;
  }

  const handlers = {
    ...Object.fromEntries(PASS_THROUGH.map((method) => [method, async (params) => (await getEngine())[method](params)])),
    // The native engine prints the diff itself, through a `print` request to the CLI (which writes it
    // to stdout, or to --output); the wasm engine returns it instead. The CLI ignores `stdout` in the
    // result, so without this `prisma migrate diff` would print nothing.
    diff: async (params) => {
      const result = await (await getEngine()).diff(params);
      if (result.stdout) await callCli("print", { content: result.stdout });
      return { ...result, stdout: null };
    },
    getDatabaseVersion: async (params) => (await getEngine()).version(params),
    version: async () => wasm.version,
    createDatabase: async (params) => ({ databaseName: await createDatabase(urlOf(params?.datasource, datasource)) }),
    // `prisma db execute`: run the script exactly as given, in one simple-protocol round trip.
    dbExecute: async (params) => {
      const target = parseDatabaseUrl(urlOf(params?.datasourceType, datasource));
      await withClient(target.pgConfig, (client) => client.query(params.script));
      return null;
    },
    // FORCE_PANIC_SCHEMA_ENGINE: behave like a crashed engine without corrupting the wasm instance.
    debugPanic: async () => {
      throw new WebAssembly.RuntimeError("This is the debugPanic artificial panic");
    },
  };

  function respond(message) {
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", ...message }) + "\n");
  }

  // Requests from us to the CLI (only `print` exists), resolved when the CLI's response line arrives.
  const pendingCalls = new Map();
  let nextCallId = 1;
  function callCli(method, params) {
    const id = `shim-${nextCallId++}`;
    return new Promise((resolve) => {
      pendingCalls.set(id, resolve);
      respond({ id, method, params });
    });
  }

  let current = null; // the request being handled, to answer it if the engine crashes mid-call

  // A Rust panic inside an async engine call traps in a callback outside our await chain; the
  // panic message was stored in the registry just before. Answer like the native engine's crash.
  process.on("uncaughtException", async (error) => {
    const data = toUserFacingError(isPanic(error) ? error : new WebAssembly.RuntimeError(error?.stack ?? String(error)), { method: current?.method });
    log("ERROR", data.message, { is_panic: true });
    if (current) respond({ id: current.id, error: toRpcError(data) });
    await cleanup();
    process.exit(101);
  });

  async function handle(request) {
    const handler = Object.hasOwn(handlers, request.method) ? handlers[request.method] : undefined;
    if (!handler) {
      respond({ id: request.id, error: toRpcError({ is_panic: false, message: `The schema engine shim (scripts/schema-engine.mjs) does not support the \`${request.method}\` method.` }) });
      return;
    }
    current = request;
    state.lastDbError = null;
    try {
      const result = await handler(request.params ?? {});
      respond({ id: request.id, result: result ?? null });
    } catch (error) {
      const context = { method: request.method, lastDbError: state.lastDbError, target: mainTarget() };
      respond({ id: request.id, error: toRpcError(toUserFacingError(error, context)) });
      // A trapped wasm instance cannot be trusted again; the native engine exits with 101 after a panic.
      if (isPanic(error)) {
        await cleanup();
        process.exit(101);
      }
    } finally {
      current = null;
    }
  }

  // The engine is single-threaded and rejects re-entrant calls, so requests run one after another.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      respond({ id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (typeof message.method !== "string") {
      // A response to one of our own calls.
      pendingCalls.get(message.id)?.(message.result);
      pendingCalls.delete(message.id);
      return;
    }
    if (message.id === undefined) return; // a notification: nothing to answer
    queue = queue.then(() => handle(message));
  });

  // The CLI ends stdin when done (and on Linux sends SIGTERM right after): drop leftover shadow DBs.
  let closing = false;
  const shutdown = async (code) => {
    if (closing) return;
    closing = true;
    await queue.catch(() => {});
    await cleanup();
    process.exit(code);
  };
  lines.on("close", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(130));
}
