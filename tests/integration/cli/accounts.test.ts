/**
 * The CLI's account commands as a child process on DATABASE_URL (the test database):
 * `token create` prints exactly one token line that then authenticates with the right workspace
 * and role; `user create` reads the password from stdin and adds the membership. Bad input exits 2
 * with nothing on stdout.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authenticateApiToken } from "@/lib/services/api-tokens/tokens";
import { getDefaultWorkspace } from "@/lib/services/workspaces";
import { runCli } from "@/tests/helpers/cli";
import { openTestDb } from "@/tests/helpers/db";
import { runAdminCli } from "./run-admin";

const db = openTestDb();
const env = () => ({ DATABASE_URL: inject("databaseUrl") });
const runWithStdin = (args: string[], stdin: string) => runAdminCli(args, { env: env(), stdin });
const suffix = randomBytes(4).toString("hex");
const workspaceName = `cli tokens ${suffix}`;
const TOKEN_LINE = /^mp_[A-Za-z0-9_-]{43}\n$/;
/** A user that exists before the CLI's, so the CLI's account is never "the first" (which would claim every memberless workspace). */
const placeholderId = randomUUID();
const emails: string[] = [];

beforeAll(async () => {
  await db.user.create({ data: { id: placeholderId, name: "placeholder", email: `placeholder-${suffix}@example.test` } });
});
afterAll(async () => {
  await db.workspace.deleteMany({ where: { name: workspaceName } });
  await db.user.deleteMany({ where: { OR: [{ id: placeholderId }, { email: { in: emails } }] } });
  await db.$disconnect();
});

describe("mailposture token create", () => {
  it("prints one token line for a named workspace (created when missing) that authenticates as a write token", async () => {
    const run = await runCli(["token", "create", "--scope", "write", "--workspace", workspaceName, "--name", "deploy", "--expires-days", "30"], env());
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(TOKEN_LINE);
    const token = run.stdout.trim();
    const workspace = await db.workspace.findFirstOrThrow({ where: { name: workspaceName } });
    expect(await authenticateApiToken(token, db)).toEqual({ workspaceId: workspace.id, role: "editor", actor: expect.objectContaining({ kind: "token", name: "deploy" }) });
    const row = await db.apiToken.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "deploy" } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "token.create" } });
    expect(audit).toMatchObject({ actor: "cli", actorName: "cli", target: "deploy" });
  });

  it("defaults to the default workspace; a read token acts as a viewer", async () => {
    const run = await runCli(["token", "create", "--scope", "read", "--name", `cli test ${suffix}`], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(TOKEN_LINE);
    const scope = await authenticateApiToken(run.stdout.trim(), db);
    expect(scope).toMatchObject({ workspaceId: (await getDefaultWorkspace(db)).id, role: "viewer" });
    await db.apiToken.deleteMany({ where: { name: `cli test ${suffix}` } });
  });

  it.each([
    ["no --scope", ["token", "create"]],
    ["an unknown scope", ["token", "create", "--scope", "admin"]],
    ["a bad expiry", ["token", "create", "--scope", "read", "--expires-days", "soon"]],
    ["an unknown verb", ["token", "delete", "--scope", "read"]],
    ["an unknown option", ["token", "create", "--scope", "read", "--forever"]],
  ])("exits 2 for %s, with nothing on stdout", async (_what, args) => {
    const run = await runCli(args, env());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^mailposture: /);
    expect(run.stderr).toContain("token create --scope read|write");
  });
});

describe("mailposture user create", () => {
  it("creates the account from a stdin password and makes it a member with the given role", async () => {
    const email = `cli-user-${suffix}@example.test`;
    emails.push(email);
    const run = await runWithStdin(["user", "create", "--email", email, "--name", "Ana CLI", "--workspace", workspaceName, "--role", "viewer"], "correct horse battery staple\n");
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`created user ${email}`);
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { accounts: true, memberships: { include: { workspace: true } } } });
    expect(user.name).toBe("Ana CLI");
    expect(user.accounts[0]?.password).toBeTruthy();
    expect(user.accounts[0]?.password).not.toContain("correct horse");
    expect(user.memberships.map((m) => [m.workspace.name, m.role])).toEqual([[workspaceName, "viewer"]]);
    // The sign-up's session is nobody's: it is gone.
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses an empty password and a taken e-mail address (exit 2)", async () => {
    const email = `cli-empty-${suffix}@example.test`;
    const empty = await runWithStdin(["user", "create", "--email", email, "--name", "Nobody"], "\n");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/password/);
    expect(await db.user.count({ where: { email } })).toBe(0);

    const taken = await runWithStdin(["user", "create", "--email", `cli-user-${suffix}@example.test`, "--name", "Again"], "another long password\n");
    expect(taken.code).toBe(2);
    expect(taken.stdout).toBe("");
  });
});
