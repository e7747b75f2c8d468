/**
 * Free labels on domains (a client, a business unit), which the portfolio shows and filters by.
 * The tag rule (lower case, 1–40 characters of a–z 0–9 space . _ -) lives with the portfolio's URL
 * parser in lib/report/domain-list-params.ts, so the filter and the editor accept the same tags.
 */
import { getDb, type Db } from "@/lib/db/client";
import { MAX_TAGS_PER_DOMAIN, MAX_TAG_LENGTH, normalizeTag } from "@/lib/report/domain-list-params";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ServiceError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput } from "@/lib/services/scans/request-scan";

/** The most names one bulk tag change may list. */
export const MAX_TAG_NAMES = 10_000;

const TAG_RULE = `Tags are 1 to ${MAX_TAG_LENGTH} characters: letters, digits, spaces, dots, underscores and hyphens`;

/** The stored form of a tag, or a ValidationError that names the bad input. */
export function parseTag(input: unknown): string {
  const tag = normalizeTag(input);
  if (!tag) {
    const message = typeof input === "string" && input.trim() !== "" ? `"${input.trim().slice(0, 60)}" is not a valid tag. ${TAG_RULE}.` : `Enter a tag. ${TAG_RULE}.`;
    throw new ValidationError(message, { tag: message });
  }
  return tag;
}

/** A domain's whole tag set from a list (duplicates folded), sorted; at most MAX_TAGS_PER_DOMAIN. */
export function parseTagList(input: readonly unknown[]): string[] {
  const tags = [...new Set(input.filter((t) => !(typeof t === "string" && t.trim() === "")).map(parseTag))].sort();
  if (tags.length > MAX_TAGS_PER_DOMAIN) {
    const message = `A domain can carry at most ${MAX_TAGS_PER_DOMAIN} tags`;
    throw new ValidationError(message, { tags: message });
  }
  return tags;
}

/** Domain names given by a person or a script, normalized; inputs that are no domain name are dropped (they match nothing). */
function parseNames(names: readonly string[]): string[] {
  if (!Array.isArray(names) || names.length === 0) throw new ValidationError("Select at least one domain");
  if (names.length > MAX_TAG_NAMES) throw new ValidationError(`Tag at most ${MAX_TAG_NAMES.toLocaleString("en-US")} domains at a time`);
  const out = new Set<string>();
  for (const n of names) {
    try {
      out.add(parseDomainInput({ domain: n }));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
    }
  }
  return [...out];
}

/** Replaces the domain's tags. */
export async function setDomainTags(scope: Scope, name: string, tags: readonly unknown[], db: Db = getDb()): Promise<{ domain: string; tags: string[] }> {
  assertCan(scope, "write");
  const domain = parseDomainInput({ domain: name });
  const list = parseTagList(tags);
  return db.$transaction(async (tx) => {
    const found = await tx.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: domain } }, select: { id: true, tags: true } });
    if (!found) throw new NotFoundError("No such domain in this workspace");
    await tx.domain.update({ where: { id: found.id }, data: { tags: list } });
    await recordAudit(tx, scope, "domain.tag", domain, { before: [...(found.tags ?? [])].sort(), after: list });
    return { domain, tags: list };
  });
}

/**
 * Adds one tag to each named domain of the workspace. A domain that has it already is left as it
 * is; one that already carries MAX_TAGS_PER_DOMAIN tags is left out and listed in `full`.
 */
export async function addTagToDomains(
  scope: Scope,
  names: readonly string[],
  tagInput: unknown,
  db: Db = getDb(),
): Promise<{ tag: string; tagged: string[]; full: string[] }> {
  assertCan(scope, "write");
  const tag = parseTag(tagInput);
  const wanted = parseNames(names);
  return db.$transaction(async (tx) => {
    const found = await tx.$queryRaw<{ name: string; has: boolean; count: number }[]>`
      SELECT name, COALESCE(tags @> ARRAY[${tag}]::text[], false) AS has, COALESCE(cardinality(tags), 0)::int AS count
        FROM "Domain" WHERE "workspaceId" = ${scope.workspaceId}::uuid AND name = ANY(${wanted}::text[])
       ORDER BY name
         FOR UPDATE`;
    if (found.length === 0) throw new NotFoundError(wanted.length === 1 ? "No such domain in this workspace" : "None of these domains is in this workspace");
    const full = found.filter((d) => !d.has && d.count >= MAX_TAGS_PER_DOMAIN).map((d) => d.name);
    const toTag = found.filter((d) => !d.has && d.count < MAX_TAGS_PER_DOMAIN).map((d) => d.name);
    if (toTag.length > 0) {
      await tx.$executeRaw`
        UPDATE "Domain" SET tags = array_append(COALESCE(tags, ARRAY[]::text[]), ${tag})
         WHERE "workspaceId" = ${scope.workspaceId}::uuid AND name = ANY(${toTag}::text[])`;
      await recordAudit(tx, scope, "domain.tag", toTag.length === 1 ? toTag[0]! : `${toTag.length} domains`, { added: tag, names: toTag });
    }
    return { tag, tagged: found.filter((d) => d.has || d.count < MAX_TAGS_PER_DOMAIN).map((d) => d.name), full };
  });
}

/** Removes one tag from each named domain of the workspace that carries it. */
export async function removeTagFromDomains(scope: Scope, names: readonly string[], tagInput: unknown, db: Db = getDb()): Promise<{ tag: string; untagged: string[] }> {
  assertCan(scope, "write");
  const tag = parseTag(tagInput);
  const wanted = parseNames(names);
  return db.$transaction(async (tx) => {
    const known = await tx.domain.count({ where: { workspaceId: scope.workspaceId, name: { in: wanted } } });
    if (known === 0) throw new NotFoundError(wanted.length === 1 ? "No such domain in this workspace" : "None of these domains is in this workspace");
    const rows = await tx.$queryRaw<{ name: string }[]>`
      UPDATE "Domain" SET tags = array_remove(tags, ${tag})
       WHERE "workspaceId" = ${scope.workspaceId}::uuid AND name = ANY(${wanted}::text[]) AND tags @> ARRAY[${tag}]::text[]
      RETURNING name`;
    const untagged = rows.map((r) => r.name).sort();
    if (untagged.length > 0) {
      await recordAudit(tx, scope, "domain.tag", untagged.length === 1 ? untagged[0]! : `${untagged.length} domains`, { removed: tag, names: untagged });
    }
    return { tag, untagged };
  });
}

/** One domain's tags, sorted (the domain page's tag editor). */
export async function getDomainTags(scope: Scope, name: string, db: Db = getDb()): Promise<string[]> {
  const found = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { tags: true } });
  if (!found) throw new NotFoundError("No such domain in this workspace");
  return [...(found.tags ?? [])].sort();
}

/** Every tag used in the workspace with how many domains carry it, by tag. */
export async function listWorkspaceTags(scope: Scope, db: Db = getDb()): Promise<{ tag: string; count: number }[]> {
  assertCan(scope, "read");
  return db.$queryRaw<{ tag: string; count: number }[]>`
    SELECT t.tag, count(*)::int AS count
      FROM "Domain" d CROSS JOIN LATERAL unnest(d.tags) AS t(tag)
     WHERE d."workspaceId" = ${scope.workspaceId}::uuid
     GROUP BY t.tag
     ORDER BY t.tag`;
}
