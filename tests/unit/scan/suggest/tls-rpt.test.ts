import { describe, expect, it } from "vitest";
import { parseTlsRptRecord } from "@/lib/scan/checks/tls-rpt/parse-record";
import { readTxtLine, suggestTlsRptRecord } from "@/lib/scan/suggest";
import { input } from "./fixtures";

describe("suggestTlsRptRecord (RFC 8460 §3)", () => {
  type Case = { rfc: string; current?: string; rua: string[]; content?: string };
  const cases: Case[] = [
    { rfc: "§3 no record: reports to tlsrpt@<domain>", rua: ["mailto:tlsrpt@example.com"], content: "v=TLSRPTv1; rua=mailto:tlsrpt@example.com" },
    {
      rfc: "§3 a valid record is kept as published (mailto and https rua)",
      current: "v=TLSRPTv1; rua=mailto:tls@example.net,https://reports.example.net/tls",
      rua: ["mailto:tls@example.net", "https://reports.example.net/tls"],
      content: "v=TLSRPTv1; rua=mailto:tls@example.net,https://reports.example.net/tls",
    },
    {
      rfc: "§3 only mailto: and https: are supported: a broken record keeps its good rua",
      current: "v=TLSRPTv1; rua=mailto:tls@example.net,ftp://reports.example.net/x",
      rua: ["mailto:tls@example.net"],
      content: "v=TLSRPTv1; rua=mailto:tls@example.net",
    },
    { rfc: "§3 rua is required: nothing to keep, so the default", current: "v=TLSRPTv1;", rua: ["mailto:tlsrpt@example.com"] },
    { rfc: "§3 a record that is not v=TLSRPTv1 is discarded by senders; its rua address is reused", current: "v=TLSRPTv2; rua=mailto:x@example.net", rua: ["mailto:x@example.net"] },
  ];
  it.each(cases)("$rfc", ({ current, rua, content }) => {
    const suggested = suggestTlsRptRecord(input({ tlsRpt: current !== undefined ? { record: current } : {} }));
    const read = readTxtLine(suggested.text);
    if (!read.ok) throw new Error(read.message);
    expect(read.owner).toBe("_smtp._tls.example.com");
    if (content !== undefined) expect(read.text).toBe(content);
    const parsed = parseTlsRptRecord([read.text]);
    if (!parsed.valid) throw new Error(parsed.message);
    expect(parsed.rua.map((u) => u.uri)).toEqual(rua);
  });

  it("§3 the default is the spec's example line", () => {
    expect(suggestTlsRptRecord(input()).text).toBe('_smtp._tls.example.com. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"');
  });
});
