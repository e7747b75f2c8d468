import { NextResponse } from "next/server";
import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { getScan } from "@/lib/services/scans/get-scan";
import { actionScope } from "@/app/_auth/viewer";

export const dynamic = "force-dynamic";

/** A scan's state and, once done, its report: what the progress panel polls. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  try {
    return NextResponse.json(await getScan(await actionScope(), id), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof ServiceError) return NextResponse.json({ error: err.message, code: err.code }, { status: HTTP_STATUS[err.code] });
    console.error("[api] GET scan", err);
    return NextResponse.json({ error: "internal error", code: "INTERNAL" }, { status: 500 });
  }
}
