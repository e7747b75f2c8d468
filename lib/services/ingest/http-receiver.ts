/**
 * The HTTPS TLS-RPT receiver (RFC 8460 §5, `POST /r/tlsrpt/<token>`): who may post, what, and how
 * the body is read. Senders are mail servers on the open Internet, so the body is read as a
 * stream with a hard byte cap and a total deadline: a body over the cap is answered 413 as soon as
 * the cap is crossed (the rest is never read), and a body that drips in too slowly gets 408. The
 * report is stored and queued; parsing happens later in the `ingest-report` job.
 */
import { getDb, type Db } from "@/lib/db/client";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { receiveReport } from "./receive";
import { workspaceForIngestToken } from "./token";

/** RFC 8460 §5: "application/tlsrpt+gzip" or "application/tlsrpt+json"; the HTTP body is the report. */
export const TLSRPT_MEDIA_TYPES = new Set(["application/tlsrpt+gzip", "application/tlsrpt+json"]);
/** The whole body must arrive within this; a sender posts a few kilobytes to a few megabytes. */
export const RECEIVE_TIMEOUT_MS = 30_000;

export type ReceiverOptions = { maxBytes?: number; timeoutMs?: number; clientAddress?: string };

export type ReceiverResult = { status: 201 | 400 | 404 | 408 | 413 | 415 | 500; message: string; rawId?: string; duplicate?: boolean };

type BodyRead = { ok: true; bytes: Buffer } | { ok: false; reason: "too-large" | "timeout" | "aborted" };

/**
 * Reads a body up to `maxBytes` within `timeoutMs`. On either limit the reader is cancelled (which
 * tells the server to stop receiving) and nothing more is pulled from the stream.
 */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null, maxBytes: number, timeoutMs: number): Promise<BodyRead> {
  if (!body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const stop = (reason: "too-large" | "timeout" | "aborted"): BodyRead => {
    // Not awaited: a stalled source may never settle its cancel, and the answer must not wait for it.
    reader.cancel(reason).catch(() => {});
    return { ok: false, reason };
  };
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]).catch(() => "aborted" as const);
      if (next === "timeout" || next === "aborted") return stop(next);
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) return stop("too-large");
      parts.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, bytes: Buffer.concat(parts, total) };
}

function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Handles one POST to the receiver: 201 once stored (or already stored), otherwise the reason. */
export async function receiveTlsRptPost(token: string, request: Request, options: ReceiverOptions = {}, db: Db = getDb()): Promise<ReceiverResult> {
  const maxBytes = options.maxBytes ?? INGEST_LIMITS.maxMessageBytes;
  const timeoutMs = options.timeoutMs ?? RECEIVE_TIMEOUT_MS;
  const cancelBody = () => request.body?.cancel().catch(() => {});
  const workspaceId = await workspaceForIngestToken(token, db);
  if (!workspaceId) {
    void cancelBody();
    return { status: 404, message: "Unknown receiver address" };
  }
  const mediaType = mediaTypeOf(request.headers.get("content-type"));
  if (!TLSRPT_MEDIA_TYPES.has(mediaType)) {
    void cancelBody();
    return { status: 415, message: "Send the report as application/tlsrpt+gzip or application/tlsrpt+json (RFC 8460 §5)" };
  }
  // A declared length over the cap is refused before a byte of the body is read.
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    void cancelBody();
    return { status: 413, message: `The report is larger than ${maxBytes} bytes` };
  }
  const body = await readCappedBody(request.body, maxBytes, timeoutMs);
  if (!body.ok) {
    if (body.reason === "too-large") return { status: 413, message: `The report is larger than ${maxBytes} bytes` };
    if (body.reason === "timeout") return { status: 408, message: "The report did not arrive in time" };
    return { status: 400, message: "The request body was cut off" };
  }
  if (body.bytes.length === 0) return { status: 400, message: "The request body is empty" };
  const received = await receiveReport(
    workspaceId,
    body.bytes,
    { channel: "https", contentType: mediaType, ...(options.clientAddress ? { origin: { clientAddress: options.clientAddress } } : {}) },
    db,
  );
  return { status: 201, message: received.duplicate ? "Already received" : "Received", rawId: received.rawId, duplicate: received.duplicate };
}
