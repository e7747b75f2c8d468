/**
 * Decompression with a hard cap on the bytes it produces. A gzip or deflate stream says nothing
 * trustworthy about its inflated size (a 1 MB gzip of zeros inflates to 1 GB, and a zip header's
 * size is whatever the sender wrote), so the output is counted as it is produced and the stream is
 * destroyed the moment it passes the cap: memory never holds more than the cap plus one chunk.
 */
import { createGunzip, createInflateRaw, type Gunzip, type InflateRaw } from "node:zlib";

export type InflateResult = { ok: true; bytes: Buffer } | { ok: false; error: string; tooLarge?: boolean };

/** zlib's output chunk: large enough to keep the per-chunk overhead small, small next to the cap. */
const CHUNK_BYTES = 64 * 1024;
/** Input is fed in slices so a bomb is stopped after little input, not after all of it is queued. */
const INPUT_SLICE_BYTES = 64 * 1024;

/** Inflates a gzip stream (RFC 1952; several members in a row are one stream) up to `maxBytes`. */
export function gunzipCapped(input: Buffer, maxBytes: number): Promise<InflateResult> {
  return inflateCapped(createGunzip({ chunkSize: CHUNK_BYTES }), input, maxBytes, "gzip");
}

/** Inflates a raw deflate stream (RFC 1951, the zip method 8) up to `maxBytes`. */
export function inflateRawCapped(input: Buffer, maxBytes: number): Promise<InflateResult> {
  return inflateCapped(createInflateRaw({ chunkSize: CHUNK_BYTES }), input, maxBytes, "deflate");
}

function inflateCapped(stream: Gunzip | InflateRaw, input: Buffer, maxBytes: number, label: string): Promise<InflateResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: InflateResult) => {
      if (settled) return;
      settled = true;
      if (!result.ok) chunks.length = 0;
      stream.destroy();
      resolve(result);
    };
    stream.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        finish({ ok: false, tooLarge: true, error: `${label} data inflates to more than ${maxBytes} bytes (the cap); rejected` });
        return;
      }
      chunks.push(chunk);
    });
    stream.on("error", (err: Error) => finish({ ok: false, error: `${label} data is corrupt: ${err.message}` }));
    stream.on("end", () => finish({ ok: true, bytes: Buffer.concat(chunks, total) }));
    // Respect back-pressure: write the next slice only when zlib has drained the last one, so a
    // bomb is stopped after a few slices of input rather than after all of it is buffered.
    let offset = 0;
    const pump = () => {
      while (!settled && offset < input.length) {
        const slice = input.subarray(offset, offset + INPUT_SLICE_BYTES);
        offset += slice.length;
        if (!stream.write(slice)) {
          stream.once("drain", pump);
          return;
        }
      }
      if (!settled) stream.end();
    };
    pump();
  });
}
