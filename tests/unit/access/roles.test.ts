import { describe, expect, it } from "vitest";
import { assertRoleCan, ForbiddenError, roleCan, ROLES, type Permission, type Role } from "@/lib/services/access/roles";
import { hashToken, looksLikeToken, newToken } from "@/lib/services/access/secrets";
import { safeNextPath } from "@/app/_auth/next-path";

describe("roles", () => {
  // The whole table: a change to what a role may do must show up here.
  const table: [Role, Permission[]][] = [
    ["owner", ["read", "write", "share", "manage", "own"]],
    ["admin", ["read", "write", "share", "manage"]],
    ["editor", ["read", "write", "share"]],
    ["viewer", ["read"]],
  ];
  const all: Permission[] = ["read", "write", "share", "manage", "own"];
  it.each(table)("%s may do exactly %j", (role, allowed) => {
    expect(all.filter((p) => roleCan(role, p))).toEqual(allowed);
  });
  it("covers every role", () => expect(table.map(([r]) => r)).toEqual([...ROLES]));
  it("refuses with a 403-class error naming the role", () => {
    expect(() => assertRoleCan("viewer", "write")).toThrow(ForbiddenError);
    expect(() => assertRoleCan("viewer", "write")).toThrow(/viewer/);
    expect(() => assertRoleCan("editor", "share")).not.toThrow();
  });
});

describe("bearer secrets", () => {
  it("are 256 random bits with the kind's prefix, and only their SHA-256 is comparable", () => {
    const a = newToken("share");
    const b = newToken("share");
    expect(a.token).not.toBe(b.token);
    expect(Buffer.from(a.token, "base64url")).toHaveLength(32);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a.token)).toBe(a.hash);
    expect(newToken("api").token).toMatch(/^mp_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(newToken("invite").token, "invite")).toBe(true);
    expect(looksLikeToken("inv_short", "invite")).toBe(false);
    expect(looksLikeToken(`${newToken("share").token}x`, "share")).toBe(false);
  });
});

describe("where sign-in returns to", () => {
  it.each([
    ["/domains/example.com", "/domains/example.com"],
    ["/?q=a", "/?q=a"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/a\nb", "/"],
    ["", "/"],
  ])("%j → %j", (input, expected) => expect(safeNextPath(input)).toBe(expected));
});
