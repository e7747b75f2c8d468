/** Members, roles and invitations (lib/services/members.ts, lib/services/members/*). */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Role } from "../../../lib/services/access/roles";
import type { Scope } from "../../../lib/services/access/scope";
import { hashToken } from "../../../lib/services/access/secrets";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { changeMemberRole, listMembers, removeMember } from "../../../lib/services/members";
import { acceptInvitation, createInvitation, listInvitations, readInvitation, revokeInvitation } from "../../../lib/services/members/invitations";
import { joinWithNewAccount } from "../../../lib/services/members/join";
import { createOwnWorkspace, findMemberWorkspace } from "../../../lib/services/members/my-workspaces";
import { createAuth } from "../../../lib/services/auth/create-auth";
import { openTestDb } from "../../helpers/db";

const db = openTestDb();
const users: string[] = [];
const workspaces: string[] = [];

afterAll(async () => {
  // Memberships and invitations go with their workspace (ON DELETE CASCADE).
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.user.deleteMany({ where: { id: { in: users } } });
  await db.$disconnect();
});

async function makeUser(name: string): Promise<{ id: string; name: string }> {
  const user = await db.user.create({ data: { id: randomUUID(), name, email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test` } });
  users.push(user.id);
  return { id: user.id, name: user.name };
}

/** A workspace owned by a fresh user, and that owner's scope. */
async function makeWorkspace(label = "ws"): Promise<{ id: string; owner: { id: string; name: string }; scope: Scope }> {
  const owner = await makeUser(`Owner-${label}`);
  const ws = await createOwnWorkspace(owner, `${label} ${randomBytes(3).toString("hex")}`, db);
  workspaces.push(ws.id);
  return { id: ws.id, owner, scope: scopeOf(ws.id, owner, "owner") };
}

function scopeOf(workspaceId: string, user: { id: string; name: string }, role: Role): Scope {
  return { workspaceId, role, actor: { kind: "user", userId: user.id, name: user.name } };
}

async function addMember(workspaceId: string, role: Role, label: string = role): Promise<{ id: string; name: string; scope: Scope }> {
  const user = await makeUser(label);
  await db.membership.create({ data: { workspaceId, userId: user.id, role } });
  return { ...user, scope: scopeOf(workspaceId, user, role) };
}

const roleOf = async (workspaceId: string, userId: string) => (await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } }))?.role ?? null;

describe("createInvitation / acceptInvitation", () => {
  it("invite → accept makes the user a member with the invitation's role, and audits both", async () => {
    const ws = await makeWorkspace("join");
    const invite = await createInvitation(ws.scope, { role: "editor", email: " Ana@Example.test " }, db);
    expect(invite.token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    expect(invite.url).toMatch(new RegExp(`/invite/${invite.token}$`));
    expect(invite.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);

    const preview = await readInvitation(invite.token, db);
    expect(preview).toMatchObject({ workspaceId: ws.id, role: "editor", inviterName: ws.owner.name, email: "ana@example.test", state: "pending" });

    const ana = await makeUser("Ana");
    const joined = await acceptInvitation(invite.token, ana.id, db);
    expect(joined).toMatchObject({ workspaceId: ws.id, role: "editor" });
    expect(await roleOf(ws.id, ana.id)).toBe("editor");
    expect((await listMembers(ws.scope, db)).map((m) => [m.name, m.role])).toEqual([
      [ws.owner.name, "owner"],
      ["Ana", "editor"],
    ]);
    expect((await readInvitation(invite.token, db))?.state).toBe("accepted");
    const actions = await db.auditEntry.findMany({ where: { workspaceId: ws.id }, orderBy: { id: "asc" } });
    expect(actions.map((a) => [a.action, a.actor])).toEqual([
      ["workspace.create", `user:${ws.owner.id}`],
      ["member.invite", `user:${ws.owner.id}`],
      ["member.join", `user:${ana.id}`],
    ]);
  });

  it("stores only the token's hash", async () => {
    const ws = await makeWorkspace("hash");
    const invite = await createInvitation(ws.scope, { role: "viewer" }, db);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashToken(invite.token));
    expect(JSON.stringify(row)).not.toContain(invite.token.slice(4));
  });

  it("a link works once: the second accept, even by someone else, is not found", async () => {
    const ws = await makeWorkspace("once");
    const invite = await createInvitation(ws.scope, { role: "viewer" }, db);
    const [first, second] = [await makeUser("First"), await makeUser("Second")];
    await acceptInvitation(invite.token, first.id, db);
    await expect(acceptInvitation(invite.token, second.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(acceptInvitation(invite.token, first.id, db)).rejects.toBeInstanceOf(NotFoundError);
    expect(await roleOf(ws.id, second.id)).toBeNull();
  });

  it("of two simultaneous accepts exactly one joins", async () => {
    const ws = await makeWorkspace("race");
    const invite = await createInvitation(ws.scope, { role: "editor" }, db);
    const people = await Promise.all([makeUser("R1"), makeUser("R2"), makeUser("R3")]);
    const outcomes = await Promise.allSettled(people.map((p) => acceptInvitation(invite.token, p.id, db)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { workspaceId: ws.id, userId: { in: people.map((p) => p.id) } } })).toBe(1);
  });

  it("expired and revoked links fail, and unknown or malformed ones too", async () => {
    const ws = await makeWorkspace("stale");
    const expired = await createInvitation(ws.scope, { role: "viewer" }, db);
    await db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createInvitation(ws.scope, { role: "viewer" }, db);
    await revokeInvitation(ws.scope, revoked.id, db);
    const who = await makeUser("Late");
    await expect(acceptInvitation(expired.token, who.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(acceptInvitation(revoked.token, who.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(acceptInvitation(`inv_${randomBytes(32).toString("base64url")}`, who.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(acceptInvitation("not-a-token", who.id, db)).rejects.toBeInstanceOf(NotFoundError);
    expect(await roleOf(ws.id, who.id)).toBeNull();
    expect((await readInvitation(expired.token, db))?.state).toBe("expired");
    expect((await readInvitation(revoked.token, db))?.state).toBe("revoked");
    expect(await readInvitation("inv_nope", db)).toBeNull();
    const states = Object.fromEntries((await listInvitations(ws.scope, db)).map((i) => [i.id, i.state]));
    expect(states).toEqual({ [expired.id]: "expired", [revoked.id]: "revoked" });
  });

  it("keeps an existing member's higher role; raises a lower one", async () => {
    const ws = await makeWorkspace("keep");
    const admin = await addMember(ws.id, "admin");
    const viewer = await addMember(ws.id, "viewer");
    const a = await createInvitation(ws.scope, { role: "viewer" }, db);
    expect((await acceptInvitation(a.token, admin.id, db)).role).toBe("admin");
    expect(await roleOf(ws.id, admin.id)).toBe("admin");
    const b = await createInvitation(ws.scope, { role: "editor" }, db);
    expect((await acceptInvitation(b.token, viewer.id, db)).role).toBe("editor");
    expect(await roleOf(ws.id, viewer.id)).toBe("editor");
  });

  it("a viewer or editor cannot invite; an admin cannot invite an owner, an owner can", async () => {
    const ws = await makeWorkspace("perm");
    const viewer = await addMember(ws.id, "viewer");
    const editor = await addMember(ws.id, "editor");
    const admin = await addMember(ws.id, "admin");
    await expect(createInvitation(viewer.scope, { role: "viewer" }, db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvitation(editor.scope, { role: "viewer" }, db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvitation(admin.scope, { role: "owner" }, db)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await createInvitation(admin.scope, { role: "admin" }, db)).role).toBe("admin");
    expect((await createInvitation(ws.scope, { role: "owner" }, db)).role).toBe("owner");
    await expect(listInvitations(viewer.scope, db)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.invitation.count({ where: { workspaceId: ws.id } })).toBe(2);
  });

  it("rejects an unknown role and a malformed e-mail note", async () => {
    const ws = await makeWorkspace("bad");
    await expect(createInvitation(ws.scope, { role: "superuser" }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(createInvitation(ws.scope, { role: "viewer", email: "not-an-address" }, db)).rejects.toMatchObject({ fieldErrors: { email: expect.any(String) } });
    expect(await db.invitation.count({ where: { workspaceId: ws.id } })).toBe(0);
  });
});

describe("listInvitations / revokeInvitation across workspaces", () => {
  it("B's scope neither sees nor revokes A's invitations", async () => {
    const a = await makeWorkspace("A");
    const b = await makeWorkspace("B");
    const invite = await createInvitation(a.scope, { role: "editor" }, db);
    expect((await listInvitations(b.scope, db)).map((i) => i.id)).not.toContain(invite.id);
    await expect(revokeInvitation(b.scope, invite.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeInvitation(b.scope, "not-a-uuid", db)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listInvitations(a.scope, db)).find((i) => i.id === invite.id)?.state).toBe("pending");
  });

  it("revoking twice is a no-op; an accepted invitation cannot be revoked", async () => {
    const ws = await makeWorkspace("rev");
    const invite = await createInvitation(ws.scope, { role: "viewer" }, db);
    await revokeInvitation(ws.scope, invite.id, db);
    await revokeInvitation(ws.scope, invite.id, db);
    expect(await db.auditEntry.count({ where: { workspaceId: ws.id, action: "invite.revoke" } })).toBe(1);
    const used = await createInvitation(ws.scope, { role: "viewer" }, db);
    await acceptInvitation(used.token, (await makeUser("Used")).id, db);
    await expect(revokeInvitation(ws.scope, used.id, db)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("changeMemberRole / removeMember", () => {
  it("the last owner can be neither demoted nor removed; with a second owner they can", async () => {
    const ws = await makeWorkspace("last");
    await expect(changeMemberRole(ws.scope, ws.owner.id, "admin", db)).rejects.toThrow(/last owner/);
    await expect(removeMember(ws.scope, ws.owner.id, db)).rejects.toBeInstanceOf(ValidationError);
    expect(await roleOf(ws.id, ws.owner.id)).toBe("owner");
    const second = await addMember(ws.id, "owner", "Second");
    expect((await changeMemberRole(second.scope, ws.owner.id, "editor", db)).role).toBe("editor");
    await expect(removeMember(second.scope, second.id, db)).rejects.toBeInstanceOf(ValidationError);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { workspaceId: ws.id, action: "member.role" } });
    expect(audit.detail).toMatchObject({ userId: ws.owner.id, from: "owner", to: "editor" });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const ws = await makeWorkspace("duel");
    const other = await addMember(ws.id, "owner", "Other");
    const outcomes = await Promise.allSettled([changeMemberRole(ws.scope, other.id, "admin", db), changeMemberRole(other.scope, ws.owner.id, "admin", db)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { workspaceId: ws.id, role: "owner" } })).toBe(1);
  });

  it("only an owner grants or takes away the owner role; a viewer manages nothing", async () => {
    const ws = await makeWorkspace("grant");
    const admin = await addMember(ws.id, "admin");
    const editor = await addMember(ws.id, "editor");
    const viewer = await addMember(ws.id, "viewer");
    await expect(changeMemberRole(admin.scope, editor.id, "owner", db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(admin.scope, ws.owner.id, "viewer", db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(admin.scope, ws.owner.id, db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeMemberRole(viewer.scope, editor.id, "viewer", db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeMember(viewer.scope, editor.id, db)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await changeMemberRole(admin.scope, editor.id, "viewer", db)).role).toBe("viewer");
    await expect(changeMemberRole(admin.scope, editor.id, "root", db)).rejects.toBeInstanceOf(ValidationError);
    expect((await changeMemberRole(ws.scope, editor.id, "owner", db)).role).toBe("owner");
  });

  it("removes a member (audited); another workspace's user is not found", async () => {
    const ws = await makeWorkspace("rm");
    const other = await makeWorkspace("rm-other");
    const editor = await addMember(ws.id, "editor");
    await expect(removeMember(other.scope, editor.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeMemberRole(other.scope, editor.id, "viewer", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeMember(ws.scope, "nope", db)).rejects.toBeInstanceOf(NotFoundError);
    await removeMember(ws.scope, editor.id, db);
    expect(await roleOf(ws.id, editor.id)).toBeNull();
    expect(await db.auditEntry.count({ where: { workspaceId: ws.id, action: "member.remove" } })).toBe(1);
  });
});

describe("findMemberWorkspace / createOwnWorkspace", () => {
  it("finds only the user's own workspaces", async () => {
    const a = await makeWorkspace("mine");
    const b = await makeWorkspace("theirs");
    expect((await findMemberWorkspace(a.owner.id, a.id, db)).role).toBe("owner");
    await expect(findMemberWorkspace(a.owner.id, b.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(findMemberWorkspace(a.owner.id, undefined, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("joinWithNewAccount", () => {
  const auth = createAuth({ db, secret: randomBytes(32).toString("hex"), baseURL: "http://localhost:3000", trustedOrigins: ["http://localhost:3000"] });
  const account = (label: string) => ({ name: label, email: `${label.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`, password: "correct horse battery" });

  it("creates the account and joins with the invitation's role", async () => {
    const ws = await makeWorkspace("signup");
    const invite = await createInvitation(ws.scope, { role: "editor" }, db);
    const joined = await joinWithNewAccount(auth, invite.token, account("Newbie"), {}, db);
    users.push(joined.userId);
    expect(joined).toMatchObject({ workspaceId: ws.id, role: "editor" });
    expect(await roleOf(ws.id, joined.userId)).toBe("editor");
  });

  it("makes no account from an expired or used link (there is no open sign-up)", async () => {
    const ws = await makeWorkspace("nosignup");
    const invite = await createInvitation(ws.scope, { role: "viewer" }, db);
    await db.invitation.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const input = account("Sneaky");
    await expect(joinWithNewAccount(auth, invite.token, input, {}, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(joinWithNewAccount(auth, "inv_forged", input, {}, db)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.user.count({ where: { email: input.email } })).toBe(0);
  });
});
