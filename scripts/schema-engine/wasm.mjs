/* global WebAssembly -- a Node global the lint config does not list */
// Loads Prisma's schema engine compiled to WebAssembly.
//
// Two copies are installed: the one bundled with the `prisma` CLI (build/schema_engine_bg.wasm), built
// from exactly the engines commit the CLI was released with, and the `@prisma/schema-engine-wasm`
// package, whose version may drift from the CLI's. We prefer the CLI's copy and drive it with the
// package's wasm-bindgen JS glue (same import/export surface); the package's own .wasm is the fallback.
// The glue's entry point uses `import … from "*.wasm"`, which plain Node 20 cannot load, so we
// instantiate the module by hand and give it the glue as its import object.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

// The engine reports Rust panics through this global before trapping; without it a panic turns into
// "Cannot read properties of undefined (reading 'set_message')" and the real message is lost.
export const panicRegistry = {
  message: null,
  set_message(message) {
    this.message = message;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

function candidateWasmPaths() {
  const paths = [];
  try {
    paths.push(path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm"));
  } catch {
    // prisma CLI not installed next to us: use the standalone package only.
  }
  paths.push(path.join(path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm"))), "schema_engine_bg.wasm"));
  return paths;
}

/** Returns the glue module (SchemaEngine class, version()) bound to an instantiated engine. */
export async function loadSchemaEngine() {
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const failures = [];
  for (const wasmPath of candidateWasmPaths()) {
    try {
      const module = new WebAssembly.Module(readFileSync(wasmPath));
      const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
      glue.__wbg_set_wasm(instance.exports);
      instance.exports.__wbindgen_start();
      return { SchemaEngine: glue.SchemaEngine, version: glue.version(), wasmPath };
    } catch (error) {
      failures.push(`${wasmPath}: ${error.message}`);
    }
  }
  throw new Error(`Could not load the schema engine WebAssembly module.\n${failures.join("\n")}`);
}
