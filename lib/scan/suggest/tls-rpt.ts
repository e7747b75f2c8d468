/**
 * Suggested TLS-RPT record (RFC 8460 §3) at `_smtp._tls.<domain>`: a valid record is offered as
 * it is; a broken one keeps the report addresses that are still good; otherwise reports go to
 * `tlsrpt@<domain>`. Read back by our own parser before it is offered. Pure.
 */
import { parseTlsRptRecord } from "../checks/tls-rpt/parse-record";
import { parseReportUri } from "../checks/tls-rpt/uri-syntax";
import { SuggestionRejectedError, type SuggestedRecord, type SuggestInput } from "./types";
import { formatTxtLine, readTxtLine } from "./zone-text";

/** mailto: and https: URIs that still parse in a broken record's rua (RFC 8460 §3 allows only these two schemes). */
function salvageRua(record: string): string[] {
  const match = /(?:^|;)[ \t]*rua=([^;]*)/.exec(record);
  if (!match) return [];
  return (match[1] ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => {
      const parsed = parseReportUri(part);
      return parsed.ok && (parsed.value.scheme === "mailto" || parsed.value.scheme === "https");
    });
}

export function suggestTlsRptRecord(input: Pick<SuggestInput, "domain" | "tlsRpt">): SuggestedRecord {
  const current = input.tlsRpt.record;
  const notes: string[] = [];
  let content: string;
  if (current !== undefined && parseTlsRptRecord([current]).valid) {
    content = current;
    notes.push("The published TLS-RPT record is valid: keep it.");
  } else {
    const kept = current !== undefined ? salvageRua(current) : [];
    const rua = kept.length > 0 ? kept : [`mailto:tlsrpt@${input.domain}`];
    content = `v=TLSRPTv1; rua=${rua.join(",")}`;
    notes.push(kept.length > 0 ? "The published TLS-RPT record is broken: rebuilt with its valid rua addresses." : `Daily TLS reports from senders go to ${rua[0]}; make sure that mailbox exists.`);
  }
  const text = formatTxtLine(`_smtp._tls.${input.domain}`, content);
  const read = readTxtLine(text);
  if (!read.ok) throw new SuggestionRejectedError("tlsRptRecord", read.message);
  const parsed = parseTlsRptRecord([read.text]);
  if (!parsed.valid) throw new SuggestionRejectedError("tlsRptRecord", parsed.message);
  return { text, notes };
}
