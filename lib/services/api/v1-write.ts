/**
 * The JSON API's write side (app/api/v1/README.md): add and delete domains, request a scan,
 * create, list and revoke share links. Each function checks the permission first — a read token
 * acts as a viewer and gets 403 before anything is looked up — then parses its body with the
 * schema the OpenAPI document is generated from (schemas.ts), then calls the service the dashboard
 * uses, so quotas, audit entries and workspace keying are the same on both paths.
 */
import type { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { addDomains } from "@/lib/services/domains/add-domains";
import { deleteDomains } from "@/lib/services/domains/delete-domains";
import { domainExists } from "@/lib/services/domains/get-domain";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput, requestScan } from "@/lib/services/scans/request-scan";
import { createShareLink, listShareLinks, revokeShareLink } from "@/lib/services/sharing/share-links";
import { loadApiDomain, loadApiScanSummary } from "./api-json";
import { domainFromPath } from "./params";
import { AddDomainBody, CreateShareLinkBody, type ApiShareLink, type ApiShareLinkCreated } from "./schemas";
import type { ApiDomain, ApiScanSummary } from "./v1";

/** A body through its schema, or VALIDATION naming each bad field (`fields`). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.length ? issue.path.join(".") : "body"] ??= issue.message;
  throw new ValidationError(Object.values(fields)[0] ?? "The request body is not valid", fields);
}

/**
 * POST /api/v1/domains. Adding a domain the workspace already has is not an error: the caller
 * gets the same object with `created: false` (200 instead of 201), and no rescan.
 */
export async function apiAddDomain(scope: Scope, body: unknown, db: Db = getDb()): Promise<{ created: boolean; domain: ApiDomain }> {
  assertCan(scope, "write");
  // Normalized first: addDomains reads CSV and comment lines, which an API field is not.
  const name = parseDomainInput(parseBody(AddDomainBody, body));
  const result = await addDomains(scope, [name], {}, db);
  const line = result.lines[0];
  if (!line || (line.status !== "added" && line.status !== "present")) {
    const reason = line?.reason ?? "Not a domain name";
    throw new ValidationError(reason, { domain: reason });
  }
  return { created: line.status === "added", domain: await loadApiDomain(scope, name, db) };
}

/** DELETE /api/v1/domains/{domain}: the domain and all its scans. */
export async function apiDeleteDomain(scope: Scope, domainSegment: string, db: Db = getDb()): Promise<void> {
  assertCan(scope, "write");
  const name = domainFromPath(domainSegment);
  const { deleted } = await deleteDomains(scope, [name], db);
  if (!deleted.includes(name)) throw new NotFoundError("No such domain in this workspace");
}

/**
 * POST /api/v1/domains/{domain}/scans: queues a scan of a domain the workspace has (this route
 * never adds one). A scan already queued or running is returned instead of a second one.
 */
export async function apiRequestScan(scope: Scope, domainSegment: string, db: Db = getDb()): Promise<ApiScanSummary> {
  assertCan(scope, "write");
  const name = domainFromPath(domainSegment);
  if (!(await domainExists(scope, name, db))) throw new NotFoundError("No such domain in this workspace");
  const { scanId } = await requestScan(scope, { domain: name }, db);
  return loadApiScanSummary(scope, scanId, db);
}

/** POST /api/v1/domains/{domain}/share-links. */
export async function apiCreateShareLink(scope: Scope, domainSegment: string, body: unknown, db: Db = getDb()): Promise<ApiShareLinkCreated> {
  assertCan(scope, "share");
  const name = domainFromPath(domainSegment);
  const input = parseBody(CreateShareLinkBody, body);
  const link = await createShareLink(scope, { domain: name, scanId: input.scanId, label: input.label, expiresInDays: input.expiresInDays }, db);
  return {
    id: link.id,
    url: link.url,
    domain: link.domain,
    scanId: link.scanId,
    label: link.label,
    expiresAt: link.expiresAt.toISOString(),
    createdAt: link.createdAt.toISOString(),
  };
}

/** GET /api/v1/share-links: the workspace's active links, newest first; never their secrets. */
export async function apiListShareLinks(scope: Scope, db: Db = getDb()): Promise<{ data: ApiShareLink[] }> {
  assertCan(scope, "read");
  const links = await listShareLinks(scope, {}, db);
  return {
    data: links.map((l) => ({
      id: l.id,
      domain: l.domain,
      scanId: l.scanId,
      label: l.label,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      lastOpenedAt: l.lastOpenedAt?.toISOString() ?? null,
      openCount: l.openCount,
      status: l.status,
    })),
  };
}

/** DELETE /api/v1/share-links/{id}. */
export async function apiRevokeShareLink(scope: Scope, id: string, db: Db = getDb()): Promise<void> {
  assertCan(scope, "share");
  await revokeShareLink(scope, id, db);
}
