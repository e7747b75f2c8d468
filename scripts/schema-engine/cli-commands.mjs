// `schema-engine --datasource <json> cli <command>`: one-shot commands the Prisma CLI runs before
// migrate dev / db push to check for (and create) the database.
//
// Contract (see `cli can-connect-to-database` in prisma/build/cli.js): exit 0 on success; on failure
// a non-zero exit and, on stderr, JSON lines of which the CLI skips the first and looks for an ERROR
// from target `schema_engine::logger` with `fields.error_code` and `fields.message` (P1003 there
// makes `migrate dev` create the database).
import { canConnect, createDatabase, dropDatabase } from "./db.mjs";
import { log } from "./log.mjs";

const COMMANDS = {
  "can-connect-to-database": async (url) => {
    await canConnect(url);
    return "Connection successful";
  },
  "create-database": async (url) => `Database '${await createDatabase(url)}' was successfully created.`,
  "drop-database": async (url) => `The database '${await dropDatabase(url)}' was successfully dropped.`,
};

export async function runCliCommand(command, datasource) {
  log("INFO", `Starting schema engine CLI: ${command}`);
  try {
    const run = COMMANDS[command];
    if (!run) throw new Error(`Unknown schema engine CLI command \`${command}\` (expected one of: ${Object.keys(COMMANDS).join(", ")})`);
    if (!datasource.url) throw new Error("The --datasource argument with a `url` is required.");
    process.stdout.write((await run(datasource.url)) + "\n");
    return 0;
  } catch (error) {
    log("ERROR", error.message, { is_panic: false, ...(error.prismaCode ? { error_code: error.prismaCode } : {}) }, "schema_engine::logger");
    return 1;
  }
}
