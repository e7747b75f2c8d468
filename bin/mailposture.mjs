#!/usr/bin/env node
// The package's `mailposture` command: cli/main.ts in this same process, from its bundle
// (lib/runtime/bundle.mjs), or through tsx's loader when the bundle cannot be made.
import { fileURLToPath } from "node:url";
import { runEntry } from "../lib/runtime/bundle.mjs";

await runEntry(fileURLToPath(new URL("../cli/main.ts", import.meta.url)), "cli");
