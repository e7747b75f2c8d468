/** Tags on domains (lib/services/domains/tag-domains.ts) and the portfolio's tag filter (list-domains.ts). */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../../../lib/report/domain-list-params";
import { ForbiddenError } from "../../../lib/services/access/roles";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { listAudit } from "../../../lib/services/audit";
import { listDomains } from "../../../lib/services/domains/list-domains";
import { addTagToDomains, listWorkspaceTags, removeTagFromDomains, setDomainTags } from "../../../lib/services/domains/tag-domains";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { createWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { roleScope } from "../../helpers/scope";

const db = openTestDb();
const workspaces: string[] = [];
afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

async function workspaceWith(n: number): Promise<{ scope: Scope; names: string[] }> {
  const ws = await createWorkspace(db, `tags ${randomBytes(4).toString("hex")}`);
  workspaces.push(ws.id);
  const names = Array.from({ length: n }, () => uniqueDomain("tag")).sort();
  for (const name of names) await db.domain.create({ data: { workspaceId: ws.id, name } });
  return { scope: systemScope(ws.id), names };
}

const tagsOf = async (scope: Scope, name: string) =>
  (await db.domain.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { tags: true } })).tags;

describe("setDomainTags", () => {
  it("stores tags normalized, folded and sorted, and audits the change", async () => {
    const { scope, names } = await workspaceWith(1);
    const result = await setDomainTags(scope, names[0]!.toUpperCase(), ["  Client A ", "eu", "client   a", ""], db);
    expect(result).toEqual({ domain: names[0], tags: ["client a", "eu"] });
    expect(await tagsOf(scope, names[0]!)).toEqual(["client a", "eu"]);
    const entry = (await listAudit(db, scope)).rows.find((r) => r.action === "domain.tag");
    expect(entry).toMatchObject({ target: names[0], detail: { before: [], after: ["client a", "eu"] } });
    await setDomainTags(scope, names[0]!, [], db);
    expect(await tagsOf(scope, names[0]!)).toEqual([]);
  });

  it("refuses invalid tags and more than 20, changing nothing", async () => {
    const { scope, names } = await workspaceWith(1);
    await setDomainTags(scope, names[0]!, ["keep"], db);
    for (const bad of [["x".repeat(41)], ["a,b"], ["tag<script>"], [7]]) {
      const err = await setDomainTags(scope, names[0]!, bad, db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors?.tag).toMatch(/not a valid tag|Enter a tag/);
    }
    const tooMany = Array.from({ length: 21 }, (_, i) => `t${i}`);
    await expect(setDomainTags(scope, names[0]!, tooMany, db)).rejects.toThrow(/at most 20 tags/);
    expect(await tagsOf(scope, names[0]!)).toEqual(["keep"]);
    // Exactly 20 fits.
    await expect(setDomainTags(scope, names[0]!, tooMany.slice(0, 20), db)).resolves.toMatchObject({ domain: names[0] });
  });

  it("does not find another workspace's domain, and refuses a viewer", async () => {
    const a = await workspaceWith(1);
    const b = await workspaceWith(0);
    await expect(setDomainTags(b.scope, a.names[0]!, ["x"], db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setDomainTags(roleScope(a.scope.workspaceId, "viewer"), a.names[0]!, ["x"], db)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await tagsOf(a.scope, a.names[0]!)).toEqual([]);
  });
});

describe("adding and removing a tag on many domains", () => {
  it("adds once, skips domains that are full, removes only where present", async () => {
    const { scope, names } = await workspaceWith(3);
    const [a, b, c] = names as [string, string, string];
    await setDomainTags(scope, b, ["client a"], db);
    await setDomainTags(scope, c, Array.from({ length: 20 }, (_, i) => `t${i}`), db);
    const added = await addTagToDomains(scope, [a, b, c, uniqueDomain("elsewhere")], "Client A", db);
    expect(added).toEqual({ tag: "client a", tagged: [a, b], full: [c] });
    expect(await tagsOf(scope, a)).toEqual(["client a"]);
    expect(await tagsOf(scope, b)).toEqual(["client a"]);
    expect(await tagsOf(scope, c)).toHaveLength(20);

    expect(await listWorkspaceTags(scope, db)).toEqual([
      { tag: "client a", count: 2 },
      ...Array.from({ length: 20 }, (_, i) => `t${i}`)
        .sort()
        .map((tag) => ({ tag, count: 1 })),
    ]);

    expect(await removeTagFromDomains(scope, [a, c], "client a", db)).toEqual({ tag: "client a", untagged: [a] });
    expect(await tagsOf(scope, a)).toEqual([]);
    expect(await tagsOf(scope, b)).toEqual(["client a"]);
    await expect(addTagToDomains(scope, [uniqueDomain("none")], "x", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addTagToDomains(scope, [a], "bad,tag", db)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("the portfolio's tag filter", () => {
  it("lists only the domains carrying the tag, with their tags", async () => {
    const { scope, names } = await workspaceWith(3);
    const [a, b, c] = names as [string, string, string];
    await setDomainTags(scope, a, ["client a", "eu"], db);
    await setDomainTags(scope, b, ["client b"], db);
    await setDomainTags(scope, c, ["eu"], db);
    const eu = await listDomains(scope, { ...DEFAULT_PARAMS, tag: "eu" }, {}, db);
    expect(eu.rows.map((r) => [r.name, r.tags])).toEqual([
      [a, ["client a", "eu"]],
      [c, ["eu"]],
    ]);
    expect(eu.total).toBe(2);
    // A tag is matched whole, not as a substring.
    expect((await listDomains(scope, { ...DEFAULT_PARAMS, tag: "client" }, {}, db)).total).toBe(0);
    expect((await listDomains(scope, DEFAULT_PARAMS, {}, db)).total).toBe(3);
  });
});
