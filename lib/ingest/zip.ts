/**
 * A small, in-memory zip reader (PKWARE APPNOTE 6.3: §4.3.16 end of central directory, §4.3.12
 * central directory header, §4.3.7 local file header). Nothing is ever written to disk, so member
 * names are never used as paths; they are still checked because a `../` name marks a hostile or
 * broken archive. Only what report senders use is supported: stored (0) and deflate (8), no
 * encryption, no zip64, one disk.
 */
import { crc32 } from "node:zlib";
import { inflateRawCapped } from "./inflate";

export type ZipMember = { name: string; bytes: Buffer };
export type ZipResult = { ok: true; members: ZipMember[] } | { ok: false; error: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_BYTES = 22;
/** The archive comment is at most 65 535 bytes, so the EOCD starts within this many bytes of the end. */
const EOCD_SEARCH_BYTES = EOCD_MIN_BYTES + 0xffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

/** True when the bytes start like a zip archive (a local header, or the EOCD of an empty one). */
export function looksLikeZip(bytes: Buffer): boolean {
  if (bytes.length < 4) return false;
  const sig = bytes.readUInt32LE(0);
  return sig === LOCAL_SIGNATURE || sig === EOCD_SIGNATURE;
}

type Entry = { name: string; flags: number; method: number; crc: number; compressedSize: number; localOffset: number };

/** Reads every file member of a zip archive into memory, with the caps applied to actual bytes. */
export async function readZip(bytes: Buffer, limits: { maxZipMembers: number; maxInflatedBytes: number }): Promise<ZipResult> {
  const listed = readCentralDirectory(bytes, limits.maxZipMembers);
  if (!listed.ok) return listed;
  const members: ZipMember[] = [];
  let budget = limits.maxInflatedBytes;
  for (const entry of listed.entries) {
    if (entry.name.endsWith("/")) continue; // a directory entry carries no data
    const data = memberData(bytes, entry);
    if (!data.ok) return data;
    let inflated: Buffer;
    if (entry.method === METHOD_STORED) {
      if (data.bytes.length > budget) return { ok: false, error: `zip member ${quote(entry.name)} is larger than the ${limits.maxInflatedBytes}-byte cap` };
      inflated = data.bytes;
    } else {
      // The header's uncompressed size is not trusted: the cap applies to the bytes zlib produces.
      const result = await inflateRawCapped(data.bytes, budget);
      if (!result.ok) {
        return { ok: false, error: result.tooLarge ? `zip member ${quote(entry.name)} inflates past the ${limits.maxInflatedBytes}-byte cap (whatever its header claims); rejected` : `zip member ${quote(entry.name)}: ${result.error}` };
      }
      inflated = result.bytes;
    }
    if (crc32(inflated) >>> 0 !== entry.crc) return { ok: false, error: `zip member ${quote(entry.name)} fails its CRC-32 check (corrupt or tampered)` };
    budget -= inflated.length;
    members.push({ name: entry.name, bytes: inflated });
  }
  return { ok: true, members };
}

function readCentralDirectory(bytes: Buffer, maxMembers: number): { ok: true; entries: Entry[] } | { ok: false; error: string } {
  const eocd = findEocd(bytes);
  if (eocd < 0) return { ok: false, error: "not a readable zip archive (no end of central directory record)" };
  const diskNumber = bytes.readUInt16LE(eocd + 4);
  const totalEntries = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (totalEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { ok: false, error: "zip64 archives are not supported (a report is far smaller)" };
  if (diskNumber !== 0) return { ok: false, error: "multi-disk zip archives are not supported" };
  if (totalEntries > maxMembers) return { ok: false, error: `zip archive lists ${totalEntries} members; at most ${maxMembers} are accepted` };
  if (cdOffset + cdSize > eocd) return { ok: false, error: "zip central directory lies outside the archive" };
  const entries: Entry[] = [];
  let at = cdOffset;
  // Walk the directory itself rather than trusting the EOCD count, which a sender can also forge.
  while (at < cdOffset + cdSize) {
    if (entries.length >= maxMembers) return { ok: false, error: `zip archive has more than ${maxMembers} members` };
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) return { ok: false, error: "zip central directory is corrupt" };
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    if (at + 46 + nameLength > bytes.length) return { ok: false, error: "zip central directory is corrupt" };
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const problem = memberProblem(name, flags, method);
    if (problem) return { ok: false, error: problem };
    entries.push({ name, flags, method, crc, compressedSize, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

function memberProblem(name: string, flags: number, method: number): string | undefined {
  // Nothing is extracted to disk, but a traversal or absolute name only comes from a hostile or
  // broken archive, and such an archive is refused whole.
  if (name.split(/[\\/]/).includes("..")) return `zip member name ${quote(name)} contains "..": rejected`;
  if (name.startsWith("/") || name.startsWith("\\") || /^[a-zA-Z]:/.test(name)) return `zip member name ${quote(name)} is an absolute path: rejected`;
  if (name.includes("\u0000")) return "zip member name contains a NUL byte: rejected";
  if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) return `zip member ${quote(name)} is encrypted: not supported`;
  if (method !== METHOD_STORED && method !== METHOD_DEFLATE) return `zip member ${quote(name)} uses compression method ${method}; only stored and deflate are supported`;
  return undefined;
}

function memberData(bytes: Buffer, entry: Entry): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) return { ok: false, error: `zip member ${quote(entry.name)} has no local header where the directory says` };
  // The local header's sizes may be zero (flag bit 3, sizes in a data descriptor): the central
  // directory's compressed size is the one used; its name and extra lengths locate the data.
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return { ok: false, error: `zip member ${quote(entry.name)} runs past the end of the archive` };
  return { ok: true, bytes: bytes.subarray(start, end) };
}

function findEocd(bytes: Buffer): number {
  const stop = Math.max(0, bytes.length - EOCD_SEARCH_BYTES);
  for (let i = bytes.length - EOCD_MIN_BYTES; i >= stop; i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_MIN_BYTES + bytes.readUInt16LE(i + 20) <= bytes.length) return i;
  }
  return -1;
}

/** Member names are sender text: shown JSON-quoted and shortened in error messages. */
function quote(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
}
