/**
 * The CLI's account commands, run on the server's machine by whoever can read its database:
 *   mailposture token create --scope read|write [--name NAME] [--workspace NAME] [--expires-days N]
 *   mailposture user create --email E --name N [--workspace NAME] [--role owner|admin|editor|viewer]
 * `token create` prints the token alone on stdout (so `TOKEN=$(mailposture token create …)` works);
 * `user create` reads the password as one line from stdin. Everything else goes to stderr.
 * Audit entries name the actor `cli`.
 */
import readline from "node:readline";
import { parseArgs } from "node:util";
import type { Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { appOrigins, appPublicUrl } from "@/lib/security/settings";
import { isRole, ROLES, type Role } from "@/lib/services/access/roles";
import { systemScope, type Actor } from "@/lib/services/access/scope";
import { API_TOKEN_SCOPES, createApiToken } from "@/lib/services/api-tokens/tokens";
import { recordAudit } from "@/lib/services/audit";
import { createAccount } from "@/lib/services/auth/accounts";
import { createAuth } from "@/lib/services/auth/create-auth";
import { instanceSecret } from "@/lib/services/auth/instance";
import { ServiceError } from "@/lib/services/errors";
import { findOrCreateWorkspace, getDefaultWorkspace } from "@/lib/services/workspaces";
import { ADMIN_USAGE } from "./admin-usage";
import { openCliDatabase } from "./database";

const CLI_ACTOR: Actor = { kind: "cli", name: "cli" };
/** `user create --workspace` without `--role`: can work on domains, cannot manage people or tokens. */
const DEFAULT_ROLE: Role = "editor";

export class AdminUsageError extends Error {}

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(argv: string[]): Parsed {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scope: { type: "string" },
        name: { type: "string" },
        workspace: { type: "string" },
        "expires-days": { type: "string" },
        email: { type: "string" },
        role: { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new AdminUsageError(err instanceof Error ? err.message : String(err));
  }
}

const text = (v: string | boolean | undefined): string | undefined => (typeof v === "string" ? v : undefined);

async function workspaceFor(db: Db, name: string | undefined): Promise<{ id: string; name: string }> {
  if (name === undefined) return getDefaultWorkspace(db);
  const workspace = await findOrCreateWorkspace(db, name);
  if (workspace.created) await recordAudit(db, systemScope(workspace.id, CLI_ACTOR), "workspace.create", workspace.name);
  return workspace;
}

type TokenPlan = { kind: "token"; scope: string; name?: string; workspace?: string; expiresInDays?: number };
type UserPlan = { kind: "user"; email: string; name: string; workspace?: string; role?: Role; password: string };

/** Checks `token create`'s arguments before any database is opened. */
function planToken(values: Parsed["values"]): TokenPlan {
  const scope = text(values.scope);
  if (!scope || !(API_TOKEN_SCOPES as readonly string[]).includes(scope)) throw new AdminUsageError("--scope must be read or write");
  const days = text(values["expires-days"]);
  if (days !== undefined && !/^[0-9]{1,5}$/.test(days)) throw new AdminUsageError("--expires-days must be a whole number of days");
  return { kind: "token", scope, name: text(values.name), workspace: text(values.workspace), ...(days !== undefined ? { expiresInDays: Number(days) } : {}) };
}

async function tokenCreate(db: Db, plan: TokenPlan): Promise<string> {
  const workspace = await workspaceFor(db, plan.workspace);
  const created = await createApiToken(
    systemScope(workspace.id, CLI_ACTOR),
    { name: plan.name ?? `cli ${new Date().toISOString().slice(0, 10)}`, scope: plan.scope, ...(plan.expiresInDays !== undefined ? { expiresInDays: plan.expiresInDays } : {}) },
    db,
  );
  process.stderr.write(`mailposture: ${plan.scope} token ${created.prefix}… for workspace "${workspace.name}"${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ", never expires"}\n`);
  return `${created.token}\n`;
}

/** One line from stdin; on a terminal it is asked for without echo. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) return readHiddenLine("Password: ");
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}

function readHiddenLine(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve) => {
    let line = "";
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\u0003") process.exit(130); // Ctrl-C
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stderr.write("\n");
          resolve(line);
          return;
        }
        line = ch === "\u007f" || ch === "\b" ? line.slice(0, -1) : line + ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** Checks `user create`'s arguments and reads the password, before any database is opened. */
async function planUser(values: Parsed["values"]): Promise<UserPlan> {
  const email = text(values.email);
  const name = text(values.name);
  if (!email || !name) throw new AdminUsageError("user create needs --email and --name");
  const role = text(values.role);
  if (role !== undefined && !isRole(role)) throw new AdminUsageError(`--role must be one of ${ROLES.join(", ")}`);
  const workspace = text(values.workspace);
  if (role !== undefined && workspace === undefined) throw new AdminUsageError("--role needs --workspace");
  const password = await readPassword();
  if (password === "") throw new AdminUsageError("no password on stdin (give it as one line)");
  return { kind: "user", email, name, workspace, ...(role !== undefined && isRole(role) ? { role } : {}), password };
}

async function userCreate(db: Db, env: Env, plan: UserPlan): Promise<string> {
  const auth = createAuth({ db, secret: await instanceSecret(db, env.MAILPOSTURE_SECRET), baseURL: appPublicUrl(env), trustedOrigins: [...appOrigins(env).origins] });
  const account = await createAccount(auth, db, { email: plan.email, name: plan.name, password: plan.password });
  // Sign-up signs the new account in; nobody holds that session's cookie, so it goes.
  await db.session.deleteMany({ where: { userId: account.userId } });
  let out = `created user ${account.email} (${account.userId})\n`;
  if (plan.workspace !== undefined) {
    const workspace = await workspaceFor(db, plan.workspace);
    // The very first account already owns every memberless workspace (createAccount): without an
    // explicit --role that membership stays as it is.
    const { role } = await db.membership.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: account.userId } },
      create: { workspaceId: workspace.id, userId: account.userId, role: plan.role ?? DEFAULT_ROLE },
      update: plan.role ? { role: plan.role } : {},
      select: { role: true },
    });
    await recordAudit(db, systemScope(workspace.id, CLI_ACTOR), "member.join", account.email, { role, via: "cli" });
    out += `member of "${workspace.name}" as ${role}\n`;
  }
  return out;
}

/** Runs `token …` or `user …`; returns the process exit status (0 done, 2 bad input, 1 internal error). */
export async function runAdmin(argv: string[]): Promise<number> {
  let closeDb: (() => Promise<void>) | undefined;
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      process.stdout.write(`usage:\n${ADMIN_USAGE}\n`);
      return 0;
    }
    const [noun, verb, ...rest] = positionals;
    if (rest.length > 0) throw new AdminUsageError(`unexpected argument "${rest[0]}"`);
    if (verb !== "create") throw new AdminUsageError(`unknown command "${[noun, verb].filter(Boolean).join(" ")}"`);
    const plan = noun === "token" ? planToken(values) : await planUser(values);
    const env = getEnv();
    const database = await openCliDatabase(env, text(values["data-dir"]));
    closeDb = database.close;
    const out = plan.kind === "token" ? await tokenCreate(database.db, plan) : await userCreate(database.db, env, plan);
    process.stdout.write(out);
    return 0;
  } catch (err) {
    if (err instanceof AdminUsageError) {
      process.stderr.write(`mailposture: ${err.message}\nusage:\n${ADMIN_USAGE}\n`);
      return 2;
    }
    if (err instanceof ServiceError && err.code === "VALIDATION") {
      process.stderr.write(`mailposture: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`mailposture: internal error: ${(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, "; ")}\n`);
    return 1;
  } finally {
    await closeDb?.().catch(() => {});
  }
}
