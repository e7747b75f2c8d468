#!/usr/bin/env node
// Stand-in for Prisma's native schema engine binary, which the CLI would otherwise download at the
// start of migrate/db commands from a host this project's machines cannot reach. prisma.config.ts
// points PRISMA_SCHEMA_ENGINE_BINARY here; we serve the same protocol with the WebAssembly build of
// the engine and @prisma/adapter-pg. Invocations (as spawned by node_modules/prisma/build/cli.js):
//   schema-engine --version
//   schema-engine [--datamodels <file>]... [--datasource <json>] [...]    JSON-RPC on stdin/stdout
//   schema-engine --datasource <json> cli can-connect-to-database|create-database|drop-database
// Logs go to stderr only: stdout carries the protocol.
import { runCliCommand } from "./schema-engine/cli-commands.mjs";
import { log } from "./schema-engine/log.mjs";

// The CLI may close our pipes while we still write (it SIGTERMs us right after ending stdin).
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

function parseArgs(argv) {
  const args = { datamodelPaths: [], datasource: {}, command: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--datamodels" || arg === "-d") args.datamodelPaths.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") args.command = argv[++i] ?? "";
    // --enabled-preview-features, --extension-types: the wasm engine reads what it needs from the schema.
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const { loadSchemaEngine } = await import("./schema-engine/wasm.mjs");
    // The CLI checks that this output contains its engines commit hash.
    process.stdout.write(`schema-engine-cli ${(await loadSchemaEngine()).version}\n`);
    return;
  }
  if (args.command !== null) {
    process.exitCode = await runCliCommand(args.command, args.datasource);
    return;
  }
  const { serve } = await import("./schema-engine/rpc.mjs");
  await serve(args);
}

main().catch((error) => {
  // Exit code 1 makes the CLI report "Error in Schema engine: <message of the last ERROR line>".
  log("ERROR", error?.stack ?? String(error), { is_panic: false });
  process.exit(1);
});
