/**
 * `/domains/<d>/delete` is the confirmation at /delete: that page sits outside the domain pages'
 * loading boundary (app/(app)/domains/[domain]/loading.tsx), whose streamed content only appears
 * with JavaScript, and the confirmation must work without it.
 */
import { NextResponse, type NextRequest } from "next/server";
import { actionScope } from "@/app/_auth/viewer";
import { domainExists } from "@/lib/services/domains/get-domain";
import { ServiceError } from "@/lib/services/errors";
import { decodeParam } from "../_components/params";

export async function GET(request: NextRequest, { params }: { params: Promise<{ domain: string }> }): Promise<NextResponse> {
  const name = decodeParam((await params).domain);
  // Signed out: sign in first; another workspace's (or no such) domain: 404, like its report.
  const scope = await actionScope().catch((err: unknown) => {
    if (err instanceof ServiceError) return null;
    throw err;
  });
  if (!scope) return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(request.nextUrl.pathname)}`, request.nextUrl), 303);
  if (name === null || !(await domainExists(scope, name.toLowerCase()))) return new NextResponse("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const target = new URL("/delete", request.nextUrl);
  if (name !== null) {
    target.searchParams.set("domain", name);
    target.searchParams.set("from", "domain");
  }
  return NextResponse.redirect(target, 303);
}
