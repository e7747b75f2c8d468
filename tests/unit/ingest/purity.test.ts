import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const DIR = join(process.cwd(), "lib/ingest");
const FORBIDDEN = /^(?:node:)?(?:fs|fs\/promises|net|tls|dns|dgram|http|https|http2|child_process|worker_threads)$/;

describe("lib/ingest", () => {
  // "Nothing written to disk, no connection made" holds by construction: the parsers cannot
  // reach the file system or the network, whatever a hostile report asks for.
  it("imports no file-system, network or process module, no database and no env", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
    expect(files).toEqual(expect.arrayContaining(["unpack.ts", "zip.ts", "xml.ts", "dmarc.ts", "tlsrpt.ts", "mail.ts"]));
    for (const file of files) {
      const source = readFileSync(join(DIR, file), "utf8");
      const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(FORBIDDEN.test(spec), `${file} imports ${spec}`).toBe(false);
        expect(spec.startsWith("./") || spec.startsWith("node:"), `${file} imports ${spec}`).toBe(true);
      }
      expect(source, file).not.toMatch(/process\.env/);
    }
  });
});
