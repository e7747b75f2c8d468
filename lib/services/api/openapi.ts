/**
 * The OpenAPI 3.1 description of /api/v1, generated from the zod schemas the routes parse and
 * answer with (schemas.ts): OpenAPI 3.1's schema dialect is JSON Schema 2020-12, which is what
 * `z.toJSONSchema` writes. The route table below is the one list of routes, statuses and the
 * token scope each needs; app/api/v1/README.md says the same for people.
 */
import { z } from "zod";
import { ReportSchema } from "@/lib/scan/report-schema";
import { MAX_PER_PAGE, DEFAULT_PER_PAGE } from "./params";
import {
  AddDomainBody,
  ApiDomainSchema,
  ApiErrorSchema,
  ApiScanSchema,
  ApiScanSummarySchema,
  ApiShareLinkCreatedSchema,
  ApiShareLinkListSchema,
  CreateShareLinkBody,
  pageSchema,
} from "./schemas";

type Method = "get" | "post" | "delete";
type ErrorStatus = 400 | 401 | 403 | 404 | 429;

type RouteSpec = {
  method: Method;
  path: string;
  summary: string;
  /** The token scope the route needs; `public` needs no token. */
  needs: "read" | "write" | "public";
  paged?: boolean;
  body?: z.ZodType;
  /** The success status and the id of its schema (none for 204). */
  success: { status: 200 | 201 | 202 | 204; schema?: string; description: string; alsoOk?: boolean };
  errors: ErrorStatus[];
};

const DOMAIN_PARAM = { name: "domain", in: "path", required: true, description: "A domain of the workspace (U-label or trailing dot accepted)", schema: { type: "string" } };
const ID_PARAM = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const PAGING_PARAMS = [
  { name: "page", in: "query", required: false, schema: { type: "integer", minimum: 1, default: 1 } },
  { name: "per_page", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE } },
];

export const API_ROUTES: RouteSpec[] = [
  { method: "get", path: "/domains", summary: "The workspace's domains with their latest result", needs: "read", paged: true, success: { status: 200, schema: "ApiDomainPage", description: "One page of domains, by name" }, errors: [400, 401] },
  {
    method: "post",
    path: "/domains",
    summary: "Add a domain and queue its first scan",
    needs: "write",
    body: AddDomainBody,
    success: { status: 201, schema: "ApiDomain", description: "Added (200 with the same object when the workspace already had it)", alsoOk: true },
    errors: [400, 401, 403],
  },
  { method: "delete", path: "/domains/{domain}", summary: "Delete a domain and all its scans", needs: "write", success: { status: 204, description: "Deleted" }, errors: [401, 403, 404] },
  { method: "get", path: "/domains/{domain}/scans", summary: "A domain's scans, newest first, without reports", needs: "read", paged: true, success: { status: 200, schema: "ApiScanSummaryPage", description: "One page of scans" }, errors: [400, 401, 404] },
  {
    method: "post",
    path: "/domains/{domain}/scans",
    summary: "Queue a scan of a domain (an active one is returned instead of a second)",
    needs: "write",
    success: { status: 202, schema: "ApiScanSummary", description: "The queued (or already active) scan" },
    errors: [401, 403, 404, 429],
  },
  {
    method: "post",
    path: "/domains/{domain}/share-links",
    summary: "Create a read-only share link to the domain's report",
    needs: "write",
    body: CreateShareLinkBody,
    success: { status: 201, schema: "ApiShareLinkCreated", description: "The link; its URL is shown only now" },
    errors: [400, 401, 403, 404],
  },
  { method: "get", path: "/scans/{id}", summary: "One scan with its stored report", needs: "read", success: { status: 200, schema: "ApiScan", description: "The scan and its report" }, errors: [401, 404] },
  { method: "get", path: "/share-links", summary: "The workspace's active share links", needs: "read", success: { status: 200, schema: "ApiShareLinkList", description: "Active links, newest first" }, errors: [401] },
  { method: "delete", path: "/share-links/{id}", summary: "Revoke a share link", needs: "write", success: { status: 204, description: "Revoked" }, errors: [401, 403, 404] },
  { method: "get", path: "/openapi.json", summary: "This document", needs: "public", success: { status: 200, description: "The OpenAPI 3.1 document" }, errors: [] },
];

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: "VALIDATION: a bad parameter or body (`fields` names it), a body that is not JSON, or a workspace at its domain cap",
  401: "UNAUTHENTICATED: no token, or one that is unknown, revoked or expired (`WWW-Authenticate: Bearer`)",
  403: "FORBIDDEN: a read token on a write route",
  404: "NOT_FOUND: no such domain, scan or link in this token's workspace",
  429: "RATE_LIMITED: over the workspace's scan quota; retry after `Retry-After` seconds",
};

/** The response schemas by component name. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(ApiDomainSchema, { id: "ApiDomain" });
  registry.add(pageSchema(ApiDomainSchema), { id: "ApiDomainPage" });
  registry.add(ApiScanSummarySchema, { id: "ApiScanSummary" });
  registry.add(pageSchema(ApiScanSummarySchema), { id: "ApiScanSummaryPage" });
  registry.add(ApiScanSchema, { id: "ApiScan" });
  registry.add(ReportSchema, { id: "ScanReport" });
  registry.add(ApiShareLinkCreatedSchema, { id: "ApiShareLinkCreated" });
  registry.add(ApiShareLinkListSchema, { id: "ApiShareLinkList" });
  registry.add(ApiErrorSchema, { id: "Error" });
  // Cross-field rules of the report (refinements) have no JSON Schema form: they are documented in docs/report-format.md.
  const { schemas } = z.toJSONSchema(registry, { io: "output", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, strip(schema)]));
}

/** OpenAPI embeds schemas: the standalone document's `$schema` and `$id` do not belong there. */
function strip(schema: object): object {
  const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
  return rest;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function operation(route: RouteSpec): Record<string, unknown> {
  const parameters = [...(route.path.includes("{domain}") ? [DOMAIN_PARAM] : []), ...(route.path.includes("{id}") ? [ID_PARAM] : []), ...(route.paged ? PAGING_PARAMS : [])];
  const responses: Record<string, unknown> = {};
  const success = route.success;
  responses[String(success.status)] = { description: success.description, ...(success.schema ? { content: { "application/json": { schema: ref(success.schema) } } } : {}) };
  if (success.alsoOk && success.schema) responses["200"] = { description: "It already existed: the same object", content: { "application/json": { schema: ref(success.schema) } } };
  for (const status of route.errors) {
    responses[String(status)] = {
      description: ERROR_TEXT[status],
      ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds until a retry can succeed", schema: { type: "integer" } } } } : {}),
      content: { "application/json": { schema: ref("Error") } },
    };
  }
  return {
    summary: route.summary,
    description: route.needs === "public" ? "No token needed." : `Needs a ${route.needs} token${route.needs === "read" ? " (a write token works too)" : ""}.`,
    ...(route.needs === "public" ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: strip(z.toJSONSchema(route.body, { io: "input" })) } } } } : {}),
    responses,
  };
}

/** The document for a server whose API lives at `<publicUrl>/api/v1`. */
export function buildOpenApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "mailposture API",
      version: "1",
      description:
        "The workspace's domains, scans and share links. Send `Authorization: Bearer <token>`; tokens are made under Settings → API tokens or with `mailposture token create`. A read token can read; a write token can also add, scan, delete and share. Every answer has `Cache-Control: no-store`.",
    },
    servers: [{ url: `${publicUrl.replace(/\/+$/, "")}/api/v1` }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token (`mp_…`)" } },
    },
  };
}
