/**
 * Report files uploaded on the settings page: each file goes through `receiveReport` like a report
 * from the receiver or the mailbox, and comes back with its own outcome, so one bad file in a
 * batch does not hide what happened to the others.
 */
import { getDb, type Db } from "@/lib/db/client";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { ServiceError, ValidationError } from "@/lib/services/errors";
import { receiveReport } from "./receive";

/** Files per upload: a month of daily reports from a few senders. */
export const MAX_UPLOAD_FILES = 50;
/** What one upload may carry in total (the server action's body limit in next.config.ts is 16 MB). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** The file names the form accepts (the content decides what a file is; the name only hints). */
export const UPLOAD_EXTENSIONS = [".json", ".json.gz", ".xml", ".xml.gz", ".zip", ".gz"] as const;

export type UploadFile = { filename: string; contentType?: string; bytes: Buffer };

export type UploadOutcome = { filename: string } & ({ ok: true; rawId: string; duplicate: boolean } | { ok: false; error: string });

/** Stores each file once and queues it; per-file outcomes in the order given. */
export async function uploadReports(scope: Scope, files: UploadFile[], db: Db = getDb()): Promise<UploadOutcome[]> {
  assertCan(scope, "write");
  if (files.length === 0) throw new ValidationError("Choose one or more report files", { files: "Choose one or more report files" });
  if (files.length > MAX_UPLOAD_FILES) throw new ValidationError(`Upload at most ${MAX_UPLOAD_FILES} files at once`, { files: `At most ${MAX_UPLOAD_FILES} files` });
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > MAX_UPLOAD_BYTES) throw new ValidationError("The files are larger than 15 MB together; upload them in smaller batches", { files: "At most 15 MB per upload" });
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const filename = file.filename.slice(0, 255);
    if (file.bytes.length > INGEST_LIMITS.maxMessageBytes) {
      outcomes.push({ filename, ok: false, error: "Larger than 15 MB" });
      continue;
    }
    try {
      const received = await receiveReport(scope.workspaceId, file.bytes, { channel: "upload", filename, ...(file.contentType ? { contentType: file.contentType } : {}) }, db);
      outcomes.push({ filename, ok: true, ...received });
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      outcomes.push({ filename, ok: false, error: err.message });
    }
  }
  return outcomes;
}
