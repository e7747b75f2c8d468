/**
 * Report mail (RFC 5322) → the report attachments in it and the headers authenticity needs.
 * TLS-RPT mail is `multipart/report; report-type="tlsrpt"` with the report in an
 * `application/tlsrpt+gzip` or `+json` part (RFC 8460 §5.3); DMARC aggregate mail carries a zip,
 * gzip or plain XML attachment (RFC 7489 §7.2.1.1), sometimes as the whole body. The walk is
 * capped (size, depth, parts, attachments) and keeps everything in memory.
 */
import { INGEST_LIMITS, type IngestLimits } from "./limits";
import { decodeBody, decodeWords, header, parseContentType, splitEntity, splitMultipart, type Header } from "./mime";

export type MailAttachment = { filename?: string; contentType?: string; bytes: Buffer };
export type MailHeaders = { from?: string; tlsReportSubmitter?: string; tlsReportDomain?: string; subject?: string };
export type MailResult = { ok: true; attachments: MailAttachment[]; headers: MailHeaders } | { ok: false; error: string };

/** Nesting of multiparts and forwarded messages: report mail uses two levels at most. */
const MAX_DEPTH = 8;
/** Body parts in the whole message. */
const MAX_PARTS = 256;

const REPORT_TYPES = new Set([
  "application/tlsrpt+gzip",
  "application/tlsrpt+json",
  "application/gzip",
  "application/x-gzip",
  "application/zip",
  "application/x-zip",
  "application/x-zip-compressed",
  "application/xml",
  "text/xml",
]);
/** Generic types are report attachments only when their name says so. */
const GENERIC_TYPES = new Set(["application/octet-stream", "application/x-unknown", "application/binary", "application/json", "text/plain"]);
const REPORT_NAME = /\.(?:zip|gz|gzip|xml|json)$/i;

class MailError extends Error {}

/**
 * Finds the report attachments of one message. A message without any gives `ok: true` with no
 * attachments (the caller decides what to do with a non-report mail, and has its headers to log).
 */
export async function extractReportsFromMail(raw: Buffer, limits: IngestLimits = INGEST_LIMITS): Promise<MailResult> {
  if (raw.length > limits.maxMessageBytes) return { ok: false, error: `message is ${raw.length} bytes; at most ${limits.maxMessageBytes} are accepted` };
  const { headers } = splitEntity(raw);
  if (headers.length === 0) return { ok: false, error: "not a mail message (no header fields)" };
  const attachments: MailAttachment[] = [];
  try {
    walk(raw, 0, { parts: 0, attachments, maxAttachments: limits.maxZipMembers });
  } catch (err) {
    if (err instanceof MailError) return { ok: false, error: err.message };
    throw err;
  }
  return { ok: true, attachments, headers: pickHeaders(headers) };
}

type WalkState = { parts: number; attachments: MailAttachment[]; maxAttachments: number };

function walk(entity: Buffer, depth: number, state: WalkState) {
  if (depth > MAX_DEPTH) throw new MailError(`message nests parts deeper than ${MAX_DEPTH} levels`);
  if (++state.parts > MAX_PARTS) throw new MailError(`message has more than ${MAX_PARTS} parts`);
  const { headers, body } = splitEntity(entity);
  const contentType = parseContentType(header(headers, "content-type"));
  if (contentType.type.startsWith("multipart/")) {
    const boundary = contentType.params.get("boundary");
    if (!boundary) throw new MailError(`${contentType.type} part has no boundary`);
    const parts = splitMultipart(body, boundary, MAX_PARTS);
    if (!parts) throw new MailError(`${contentType.type} part is malformed or has more than ${MAX_PARTS} parts`);
    for (const part of parts) walk(part, depth + 1, state);
    return;
  }
  const encoding = header(headers, "content-transfer-encoding");
  // A report forwarded as an attached message is walked like the outer one.
  if (contentType.type === "message/rfc822") {
    walk(decodeBody(body, encoding), depth + 1, state);
    return;
  }
  const filename = attachmentName(headers, contentType.params);
  const isReport = REPORT_TYPES.has(contentType.type) || (GENERIC_TYPES.has(contentType.type) && filename !== undefined && REPORT_NAME.test(filename));
  if (!isReport) return;
  if (state.attachments.length >= state.maxAttachments) throw new MailError(`message has more than ${state.maxAttachments} report attachments`);
  state.attachments.push({ ...(filename !== undefined && { filename }), contentType: contentType.type, bytes: decodeBody(body, encoding) });
}

function attachmentName(headers: Header[], typeParams: Map<string, string>): string | undefined {
  const disposition = parseContentType(header(headers, "content-disposition"), "attachment");
  const name = disposition.params.get("filename") ?? typeParams.get("name");
  return name === undefined ? undefined : decodeWords(name);
}

function pickHeaders(headers: Header[]): MailHeaders {
  const picked: MailHeaders = {};
  const set = (key: keyof MailHeaders, name: string) => {
    const value = header(headers, name);
    if (value !== undefined) picked[key] = decodeWords(value);
  };
  set("from", "from");
  set("subject", "subject");
  // RFC 8460 §5.3: the domain the report is about and the submitting organisation's domain.
  set("tlsReportDomain", "tls-report-domain");
  set("tlsReportSubmitter", "tls-report-submitter");
  return picked;
}
