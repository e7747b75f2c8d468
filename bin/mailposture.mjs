#!/usr/bin/env node
// The package's `mailposture` command: runs cli/main.ts through tsx's loader in this same process.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
