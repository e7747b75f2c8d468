/**
 * One report as received (a POST body, an upload, a mail attachment) → the documents inside it.
 * Senders use gzip (RFC 8460 §5.3 `application/tlsrpt+gzip`, DMARC `.xml.gz`), zip (RFC 7489 §7.2.1.1
 * allows any of them; Google and Microsoft zip their DMARC reports) or nothing at all. The format is
 * told from the bytes, never from the name or media type (those only confirm the kind), and every
 * step is capped: the input before anything else, then what inflates, member by member.
 */
import { gunzipCapped } from "./inflate";
import { INGEST_LIMITS, type IngestLimits } from "./limits";
import { firstContentByte } from "./text";
import { looksLikeZip, readZip } from "./zip";

export type ReportKind = "tlsrpt" | "dmarc";
export type UnpackHint = { contentType?: string; filename?: string };
export type UnpackResult = { ok: true; kind: ReportKind; documents: Buffer[] } | { ok: false; error: string };

type Layer = "gzip" | "zip" | "json" | "xml" | "unknown";

/** Detects gzip / zip / plain JSON / plain XML and returns the report documents, inflated under the caps. */
export async function unpackReport(bytes: Buffer, hint: UnpackHint = {}, limits: IngestLimits = INGEST_LIMITS): Promise<UnpackResult> {
  if (bytes.length > limits.maxMessageBytes) return { ok: false, error: `report is ${bytes.length} bytes; at most ${limits.maxMessageBytes} are accepted` };
  if (bytes.length === 0) return { ok: false, error: "report is empty" };
  const documents: Buffer[] = [];
  const layer = layerOf(bytes);
  if (layer === "gzip") {
    const inner = await gunzipCapped(bytes, limits.maxInflatedBytes);
    if (!inner.ok) return { ok: false, error: inner.error };
    const problem = plainDocumentProblem(inner.bytes, "the gzip data");
    if (problem) return { ok: false, error: problem };
    documents.push(inner.bytes);
  } else if (layer === "zip") {
    const zip = await readZip(bytes, limits);
    if (!zip.ok) return zip;
    let budget = limits.maxInflatedBytes - zip.members.reduce((sum, m) => sum + m.bytes.length, 0);
    for (const member of zip.members) {
      let doc = member.bytes;
      // One level of nesting is what senders use (an .xml.gz inside a .zip); anything deeper is refused.
      if (layerOf(doc) === "gzip") {
        const inner = await gunzipCapped(doc, budget);
        if (!inner.ok) return { ok: false, error: `zip member ${JSON.stringify(member.name)}: ${inner.error}` };
        budget -= inner.bytes.length;
        doc = inner.bytes;
      }
      const kind = layerOf(doc);
      if (kind === "zip" || kind === "gzip") return { ok: false, error: `zip member ${JSON.stringify(member.name)} is another archive; nested archives are not accepted` };
      // A stray non-report file beside the report (a readme) is skipped, not fatal.
      if (kind === "json" || kind === "xml") documents.push(doc);
    }
    if (documents.length === 0) return { ok: false, error: "zip archive holds no JSON or XML report" };
  } else {
    const problem = plainDocumentProblem(bytes, "the report");
    if (problem) return { ok: false, error: problem };
    documents.push(bytes);
  }
  const kinds = new Set(documents.map((doc) => (layerOf(doc) === "json" ? "tlsrpt" : "dmarc")));
  if (kinds.size > 1) return { ok: false, error: "archive mixes TLS-RPT (JSON) and DMARC (XML) documents" };
  const kind: ReportKind = kinds.has("tlsrpt") ? "tlsrpt" : "dmarc";
  const claimed = claimedKind(hint);
  if (claimed && claimed !== kind) return { ok: false, error: `declared as ${claimed === "tlsrpt" ? "TLS-RPT" : "DMARC"} (${hint.contentType ?? hint.filename}) but the content is ${kind === "tlsrpt" ? "JSON (TLS-RPT)" : "XML (DMARC)"}` };
  return { ok: true, kind, documents };
}

function layerOf(bytes: Buffer): Layer {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  if (looksLikeZip(bytes)) return "zip";
  const first = firstContentByte(bytes);
  if (first === 0x7b) return "json"; // "{"
  if (first === 0x3c) return "xml"; // "<"
  return "unknown";
}

function plainDocumentProblem(bytes: Buffer, what: string): string | undefined {
  const layer = layerOf(bytes);
  if (layer === "json" || layer === "xml") return undefined;
  if (layer === "gzip" || layer === "zip") return `${what} is another archive; nested archives are not accepted`;
  // Yahoo and AOL sent, for a while in 2023, gzipped "reports" whose whole body was the word `unused`.
  if (bytes.subarray(0, 64).toString("latin1").trim() === "unused") return `${what} is the literal text "unused" (a known reporter bug): there is no report in it`;
  return `${what} is neither gzip, zip, JSON nor XML`;
}

/** The kind a media type (RFC 8460 §5.3, §6.4/6.5) or a file name claims, if any. */
function claimedKind(hint: UnpackHint): ReportKind | undefined {
  const type = hint.contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/tlsrpt+gzip" || type === "application/tlsrpt+json") return "tlsrpt";
  if (type === "application/xml" || type === "text/xml") return "dmarc";
  const name = hint.filename?.toLowerCase();
  if (name && /\.json(?:\.gz)?$/.test(name)) return "tlsrpt";
  if (name && /\.xml(?:\.gz)?$/.test(name)) return "dmarc";
  return undefined;
}
