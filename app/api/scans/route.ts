import { NextResponse } from "next/server";
import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { listQueue } from "@/lib/services/scans/list-queue";
import { actionScope } from "@/app/_auth/viewer";

export const dynamic = "force-dynamic";

/** The queue monitor's data (what /scans polls while scans are active). */
export async function GET() {
  try {
    return NextResponse.json(await listQueue(await actionScope()), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof ServiceError) return NextResponse.json({ error: err.message, code: err.code }, { status: HTTP_STATUS[err.code] });
    console.error("[api] GET scans", err);
    return NextResponse.json({ error: "internal error", code: "INTERNAL" }, { status: 500 });
  }
}
