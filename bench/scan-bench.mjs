// `npm run bench`: bench/scan-bench.ts started the way the `mailposture` command starts the CLI
// (bin/mailposture.mjs), so the memory it measures is the CLI's, not a TypeScript loader's.
import { fileURLToPath } from "node:url";
import { runEntry } from "../lib/runtime/bundle.mjs";

await runEntry(fileURLToPath(new URL("./scan-bench.ts", import.meta.url)), "scan-bench");
