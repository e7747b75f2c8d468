/**
 * The JSON API's request and response bodies as zod schemas: request bodies are parsed with them,
 * and the OpenAPI document (openapi.ts) is generated from them, so the description cannot drift
 * from what the routes accept. The response schemas are checked against the TypeScript types the
 * services return (the `Fits` lines below): a field changed on one side fails to compile.
 */
import { z } from "zod";
import { ReportSchema } from "@/lib/scan/report-schema";
import { DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, MAX_LABEL_LENGTH } from "@/lib/services/sharing/share-links";
import type { ApiDomain, ApiScan, ApiScanSummary } from "./v1";

const IsoDate = z.string().meta({ format: "date-time", description: "ISO 8601, UTC" });
const Uuid = z.string().meta({ format: "uuid" });
const Count = z.number().int().min(0);

// ---- requests ----

export const AddDomainBody = z
  .object({
    domain: z.string({ error: "Give the domain as a string" }).max(1024, { error: "That is too long to be a domain name" }).meta({ description: "A domain name; a U-label or a trailing dot is normalized", examples: ["example.com"] }),
  })
  .meta({ description: "The domain to add; its first scan is queued at once." });
export type AddDomainBody = z.infer<typeof AddDomainBody>;

export const CreateShareLinkBody = z
  .object({
    expiresInDays: z
      .number({ error: "expiresInDays must be a number" })
      .int({ error: "expiresInDays must be a whole number" })
      .min(1, { error: "expiresInDays must be at least 1" })
      .max(MAX_EXPIRY_DAYS, { error: `expiresInDays must be at most ${MAX_EXPIRY_DAYS}` })
      .optional()
      .meta({ description: `Days until the link stops working (default ${DEFAULT_EXPIRY_DAYS})` }),
    scanId: Uuid.optional().meta({ description: "Pin the link to this finished scan; omitted: the link always shows the latest report" }),
    label: z.string({ error: "label must be a string" }).max(MAX_LABEL_LENGTH, { error: `label must be at most ${MAX_LABEL_LENGTH} characters` }).optional().meta({ description: "Who the link is for (shown on the shared page)" }),
  })
  .meta({ description: "A read-only link to a domain's report for someone without an account." });
export type CreateShareLinkBody = z.infer<typeof CreateShareLinkBody>;

// ---- responses ----

export const ApiDomainSchema = z.object({
  name: z.string().meta({ description: "A-label, lower case, no trailing dot" }),
  createdAt: IsoDate,
  grade: z.string().nullable().meta({ description: "null before the first finished scan, and when it could not be graded" }),
  score: z.number().int().nullable(),
  notGraded: z.string().nullable().meta({ description: "Why the latest scan has no grade (the domain does not exist, or none of its lookups succeeded); null otherwise" }),
  exposure: z.enum(["protected", "partial", "exposed", "inconclusive", "no-inbound-mail"]).nullable().meta({ description: "null before the first finished scan" }),
  lastScan: z.object({ id: Uuid, finishedAt: IsoDate }).nullable().meta({ description: "The latest finished scan; null before the first one" }),
  criticalCount: Count,
  highCount: Count,
});

export const ApiScanSummarySchema = z.object({
  id: Uuid,
  domain: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  requestedAt: IsoDate,
  startedAt: IsoDate.nullable(),
  finishedAt: IsoDate.nullable(),
  durationMs: Count.nullable(),
  grade: z.string().nullable().meta({ description: "null until done, and when the scan could not be graded" }),
  score: z.number().int().nullable(),
  notGraded: z.string().nullable().meta({ description: "Why the scan has no grade; null otherwise" }),
  scannerVersion: z.string().nullable(),
  rulesetVersion: z.number().int().nullable(),
  attempts: Count,
  error: z.string().nullable(),
});

export const ApiScanSchema = z.object({
  scan: ApiScanSummarySchema,
  report: ReportSchema.nullable().meta({ description: "The stored report (docs/report-format.md, schemaVersion 1); null while queued or running, after a failure, or when unreadable" }),
  reportError: z.string().optional().meta({ description: "Why a finished scan's stored report cannot be read" }),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page: z.number().int().min(1), perPage: z.number().int().min(1), total: Count });
}

export const ApiShareLinkCreatedSchema = z.object({
  id: Uuid,
  url: z.string().meta({ format: "uri", description: "Absolute URL of the shared report; the only time the link's secret is shown" }),
  domain: z.string(),
  scanId: Uuid.nullable().meta({ description: "The pinned scan; null: the latest report" }),
  label: z.string().nullable(),
  expiresAt: IsoDate,
  createdAt: IsoDate,
});

export const ApiShareLinkSchema = z.object({
  id: Uuid,
  domain: z.string(),
  scanId: Uuid.nullable(),
  label: z.string().nullable(),
  createdAt: IsoDate,
  expiresAt: IsoDate,
  lastOpenedAt: IsoDate.nullable(),
  openCount: Count,
  status: z.enum(["active", "expired", "revoked"]),
});

export const ApiShareLinkListSchema = z.object({ data: z.array(ApiShareLinkSchema) });

export const ApiErrorSchema = z.object({
  error: z.string().meta({ description: "One sentence for people" }),
  code: z.enum(["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "INTERNAL"]),
  fields: z.record(z.string(), z.string()).optional().meta({ description: "VALIDATION only: the bad field or parameter and what is wrong with it" }),
});

export type ApiShareLinkCreated = z.infer<typeof ApiShareLinkCreatedSchema>;
export type ApiShareLink = z.infer<typeof ApiShareLinkSchema>;

// The services' types must fit the schemas the document describes (both directions).
type Same<T, U> = [T] extends [U] ? ([U] extends [T] ? true : never) : never;
const domainFits: Same<ApiDomain, Omit<z.infer<typeof ApiDomainSchema>, "exposure"> & { exposure: string | null }> = true;
const scanFits: Same<ApiScanSummary, z.infer<typeof ApiScanSummarySchema>> = true;
const scanWithReportFits: [ApiScan] extends [Omit<z.input<typeof ApiScanSchema>, "report"> & { report: unknown }] ? true : never = true;
void domainFits;
void scanFits;
void scanWithReportFits;
