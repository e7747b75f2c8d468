/**
 * The layering rules of AGENTS.md, proven against the real ESLint config: code that breaks a rule
 * is linted as if it lived in the folder it names, and must be rejected (and clean code accepted).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { lintErrorsFor as errorsFor, warmUpLint } from "../../helpers/lint";

beforeAll(warmUpLint, 60_000);

describe("layering rules", () => {
  it.each([
    ["lib/scan/checks/x.ts", `import { NextResponse } from "next/server";\nexport const x = NextResponse;\n`, "next"],
    ["lib/scan/x.ts", `import { useState } from "react";\nexport const x = useState;\n`, "react"],
    ["lib/scan/x.ts", `import { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;\n`, "@prisma/client"],
    ["lib/scan/x.ts", `import { getDb } from "@/lib/db/client";\nexport const x = getDb;\n`, "lib/db"],
    ["lib/scan/x.ts", `import { getEnv } from "@/lib/env";\nexport const x = getEnv;\n`, "lib/env"],
    ["lib/scan/checks/x.ts", `import net from "node:net";\nexport const x = net;\n`, "node:net outside lib/scan/net"],
    ["app/x.ts", `import { getDb } from "@/lib/db/client";\nexport const x = getDb;\n`, "lib/db from app"],
    ["components/x.tsx", `import { listDomains } from "@/lib/services/domains/list-domains";\nexport const x = listDomains;\n`, "services from components"],
    ["app/x.ts", `import { scanDomain } from "@/lib/scan/scan-domain";\nexport const x = scanDomain;\n`, "scanner runtime from app"],
  ])("%s may not import %s (%s)", async (file, code) => {
    const errors = await errorsFor(file, code);
    expect(errors.some((e) => e.includes("no-restricted-imports"))).toBe(true);
  });

  it("lib/scan may not read process.env", async () => {
    const errors = await errorsFor("lib/scan/x.ts", `export const port = process.env.MAILPOSTURE_SMTP_PORT;\n`);
    expect(errors.some((e) => e.startsWith("no-restricted-properties"))).toBe(true);
  });

  it("app/ and components/ may not render raw HTML", async () => {
    const errors = await errorsFor("components/x.tsx", `export const X = ({ t }: { t: string }) => <div dangerouslySetInnerHTML={{ __html: t }} />;\n`);
    expect(errors.some((e) => e.startsWith("no-restricted-syntax"))).toBe(true);
  });

  it.each([
    ["lib/scan/net/x.ts", `import net from "node:net";\nexport const x = net;\n`],
    ["lib/scan/checks/x.ts", `import type { DnsClient } from "../net/dns-types";\nexport type X = DnsClient;\n`],
    ["app/x.ts", `import type { ScanReport } from "@/lib/scan/types";\nexport type X = ScanReport;\n`],
    ["lib/services/x.ts", `import { getDb } from "@/lib/db/client";\nexport const x = getDb;\n`],
  ])("%s may import what its layer allows", async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
