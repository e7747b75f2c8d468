/**
 * Where every ingest path (HTTPS receiver, mailbox, upload) hands a received file over: it is kept
 * once per workspace by SHA-256 and its processing job queued in the same transaction, so a stored
 * report always has its job and a second arrival of the same bytes is recognised at once.
 */
import { createHash } from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { enqueueIngestReport } from "@/lib/queue/jobs";
import { ValidationError } from "@/lib/services/errors";

export type IngestChannel = "https" | "imap" | "upload";

export type ReceiveOptions = {
  channel: IngestChannel;
  contentType?: string;
  filename?: string;
  /** What the message or request said about its sender (From, TLS-Report-Submitter, client address). */
  origin?: Record<string, string>;
  /** Mail only: the carrying message's DKIM/DMARC and TLS-Report-Submitter checks passed. */
  verified?: boolean;
};

export type Received = { rawId: string; duplicate: boolean };

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Stores the file once (by workspace and SHA-256) and queues its processing; a repeat returns the first row. */
export async function receiveReport(workspaceId: string, bytes: Buffer, options: ReceiveOptions, db: Db = getDb()): Promise<Received> {
  if (bytes.length === 0) throw new ValidationError("The report is empty");
  if (bytes.length > INGEST_LIMITS.maxMessageBytes) throw new ValidationError(`The report is larger than ${INGEST_LIMITS.maxMessageBytes / 1024 / 1024} MB`);
  const sha256 = sha256Hex(bytes);
  const origin: Record<string, string> = { ...(options.origin ?? {}), ...(options.filename ? { filename: options.filename.slice(0, 255) } : {}) };
  return db.$transaction(async (tx) => {
    // Skipping duplicates (ON CONFLICT DO NOTHING) rather than a read first: two arrivals of the same bytes at once
    // (the same report by mail and by HTTPS) both end here, and exactly one inserts.
    const inserted = await tx.rawReport.createManyAndReturn({
      data: [
        {
          workspaceId,
          sha256,
          channel: options.channel,
          contentType: options.contentType?.slice(0, 200) ?? null,
          bytes: new Uint8Array(bytes),
          verified: options.channel === "imap" && options.verified === true,
          origin,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const id = inserted[0]?.id;
    if (id) {
      await enqueueIngestReport(tx, id);
      return { rawId: id, duplicate: false };
    }
    const existing = await tx.rawReport.findUniqueOrThrow({ where: { workspaceId_sha256: { workspaceId, sha256 } }, select: { id: true } });
    return { rawId: existing.id, duplicate: true };
  });
}
