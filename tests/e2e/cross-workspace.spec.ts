/**
 * Another workspace's objects do not exist: for every page and every route handler (each HTTP
 * method it exports), a member of workspace B — signed in through the real sign-in page, or with
 * B's API token — asking for workspace A's domain, scan or share link gets 404, and A's objects
 * are unchanged afterwards; A's own owner gets the page (the control: the 404 comes from the
 * workspace, not from a malformed URL).
 *
 * The table is checked against the app's files: a new page or route handler without an entry fails
 * this test until someone decides what it must answer. Server actions have the same table in
 * tests/integration/access/cross-workspace-actions.test.ts.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createDb, type Db } from "../../lib/db/client";
import { systemScope, type Scope } from "../../lib/services/access/scope";
import { createApiToken } from "../../lib/services/api-tokens/tokens";
import { createAccount } from "../../lib/services/auth/accounts";
import { createAuth } from "../../lib/services/auth/create-auth";
import { requestScan } from "../../lib/services/scans/request-scan";
import { createShareLink } from "../../lib/services/sharing/share-links";
import { createWorkspace } from "../../lib/services/workspaces";
import { OTHER } from "./accounts";
import { DASH, removeDomains } from "./domains";
import { ownerWorkspaceScope } from "./scope";

test.describe.configure({ mode: "serial" });

/** Workspace A's objects, named in every URL below. */
type Ids = { domain: string; scan: string; otherScan: string; shareLink: string };

type Check =
  /** B's signed-in browser GETs the URL: 404. A's owner: `owner` (default 200). */
  | { via: "session"; url: (ids: Ids) => string; owner?: number }
  /** B's API token sends the request: 404. */
  | { via: "token"; method: "GET" | "POST" | "DELETE"; url: (ids: Ids) => string; body?: unknown };
type Entry = { checks: Check[] } | { exempt: string };

const session = (url: (ids: Ids) => string, owner?: number): Entry => ({ checks: [{ via: "session", url, ...(owner ? { owner } : {}) }] });
const token = (method: "GET" | "POST" | "DELETE", url: (ids: Ids) => string, body?: unknown): Entry => ({ checks: [{ via: "token", method, url, ...(body === undefined ? {} : { body }) }] });
const exempt = (reason: string): Entry => ({ exempt: reason });
const OWN = "names no object: shows the caller's own workspace (its keying is tested service by service in workspace-keying.test.ts)";
const PUBLIC = "not workspace-scoped: public, or the person's own account";
const d = (ids: Ids) => `/domains/${ids.domain}`;

/** Keyed by page file, or by route file and HTTP method (`<file>#GET`). */
const TABLE: Record<string, Entry> = {
  "app/(app)/(portfolio)/page.tsx": exempt(OWN),
  "app/(app)/account/page.tsx": exempt(PUBLIC),
  "app/(app)/delete/page.tsx": session((ids) => `/delete?domain=${ids.domain}`),
  "app/(app)/domains/[domain]/page.tsx": session(d),
  "app/(app)/domains/[domain]/compare/page.tsx": session((ids) => `${d(ids)}/compare?a=${ids.otherScan}&b=${ids.scan}`),
  "app/(app)/domains/[domain]/events/page.tsx": session((ids) => `${d(ids)}/events`),
  "app/(app)/domains/[domain]/fix/page.tsx": session((ids) => `${d(ids)}/fix`),
  "app/(app)/domains/[domain]/history/page.tsx": session((ids) => `${d(ids)}/history`),
  "app/(app)/domains/[domain]/scans/[scanId]/page.tsx": session((ids) => `${d(ids)}/scans/${ids.scan}`),
  "app/(app)/domains/[domain]/senders/page.tsx": session((ids) => `${d(ids)}/senders`),
  "app/(app)/domains/[domain]/senders/csv/route.ts#GET": session((ids) => `${d(ids)}/senders/csv`),
  "app/(app)/domains/[domain]/delete/route.ts#GET": session((ids) => `${d(ids)}/delete`, 303),
  "app/(app)/domains/[domain]/report.pdf/route.ts#GET": session((ids) => `${d(ids)}/report.pdf`),
  "app/(app)/domains/[domain]/scans/[scanId]/report.pdf/route.ts#GET": session((ids) => `${d(ids)}/scans/${ids.scan}/report.pdf`),
  "app/(app)/events/page.tsx": exempt(OWN),
  "app/(app)/scans/page.tsx": exempt(OWN),
  "app/(app)/settings/page.tsx": exempt(OWN),
  "app/(app)/settings/alerts/page.tsx": exempt(OWN),
  "app/(app)/settings/audit/page.tsx": exempt(OWN),
  "app/(app)/settings/members/page.tsx": exempt(OWN),
  "app/(app)/settings/share-links/page.tsx": exempt(OWN),
  "app/(app)/settings/tokens/page.tsx": exempt(OWN),
  "app/(app)/settings/reports/page.tsx": exempt(OWN),
  "app/(app)/trends/page.tsx": exempt(OWN),
  "app/(app)/trends/csv/route.ts#GET": exempt(OWN),
  "app/(app)/workspaces/new/page.tsx": exempt(PUBLIC),
  "app/(public)/invite/[token]/page.tsx": exempt("the invitation token is the capability (members.test.ts: unknown, used, revoked → 404)"),
  "app/(public)/setup/[token]/page.tsx": exempt(PUBLIC),
  "app/(public)/sign-in/page.tsx": exempt(PUBLIC),
  "app/(public)/welcome/page.tsx": exempt(PUBLIC),
  "app/r/tlsrpt/[token]/route.ts#POST": exempt("the receiver token is the capability: it names the workspace a report is stored in (receiver-route.test.ts: unknown token → 404)"),
  "app/s/[token]/page.tsx": exempt("the share token is the capability (teams.spec.ts, share-links.test.ts: revoked, expired → 404)"),
  "app/s/[token]/report.pdf/route.ts#GET": exempt("the share token is the capability (share-routes.test.ts)"),
  "app/api/auth/[...all]/route.ts#GET": exempt("the single sign-on callback: not workspace-scoped"),
  "app/api/domains/[domain]/files/[file]/route.ts#GET": session((ids) => `/api/domains/${ids.domain}/files/mta-sts.txt`),
  "app/api/scans/route.ts#GET": exempt(OWN),
  "app/api/scans/[id]/route.ts#GET": session((ids) => `/api/scans/${ids.scan}`),
  "app/api/v1/domains/route.ts#GET": exempt(OWN),
  "app/api/v1/domains/route.ts#POST": exempt("adds to the caller's own workspace (a name is not an object of another workspace)"),
  "app/api/v1/domains/[domain]/route.ts#DELETE": token("DELETE", (ids) => `/api/v1/domains/${ids.domain}`),
  "app/api/v1/domains/[domain]/scans/route.ts#GET": token("GET", (ids) => `/api/v1/domains/${ids.domain}/scans`),
  "app/api/v1/domains/[domain]/scans/route.ts#POST": token("POST", (ids) => `/api/v1/domains/${ids.domain}/scans`),
  "app/api/v1/domains/[domain]/share-links/route.ts#POST": token("POST", (ids) => `/api/v1/domains/${ids.domain}/share-links`, { expiresInDays: 7 }),
  "app/api/v1/openapi.json/route.ts#GET": exempt("the public description of the API"),
  "app/api/v1/scans/[id]/route.ts#GET": token("GET", (ids) => `/api/v1/scans/${ids.scan}`),
  "app/api/v1/share-links/route.ts#GET": exempt(OWN),
  "app/api/v1/share-links/[id]/route.ts#DELETE": token("DELETE", (ids) => `/api/v1/share-links/${ids.shareLink}`),
};

const ROOT = process.cwd();
const METHODS = /export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

/** Every page file, and every route file with each HTTP method it exports. */
function appRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx") found.push(path.relative(ROOT, full));
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        for (const m of source.matchAll(METHODS)) found.push(`${path.relative(ROOT, full)}#${m[1]}`);
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return found.sort();
}

/** A lab domain with an MX and no MTA-STS: its report has a suggested mta-sts.txt to download. */
const DOMAIN = DASH.weak;
let db: Db;
let ids: Ids;
let scopeA: Scope;
let tokenB = "";

async function settled(scanId: string): Promise<void> {
  await expect.poll(async () => (await db.scan.findUniqueOrThrow({ where: { id: scanId } })).status, { timeout: 60_000, intervals: [300] }).toMatch(/done|failed/);
}

/** What must not change in A, whatever B sent. */
async function snapshotA(): Promise<string> {
  const domain = await db.domain.findFirst({ where: { workspaceId: scopeA.workspaceId, name: DOMAIN }, include: { scans: { select: { id: true, status: true } } } });
  const link = await db.shareLink.findUnique({ where: { id: ids.shareLink }, select: { revokedAt: true } });
  const audit = await db.auditEntry.count({ where: { workspaceId: scopeA.workspaceId } });
  return JSON.stringify({ domain: domain?.name, scans: domain?.scans.map((s) => s.id).sort(), link, audit });
}

test.beforeAll(async () => {
  await removeDomains([DOMAIN]);
  db = createDb(process.env.E2E_DATABASE_URL!, 2);
  scopeA = await ownerWorkspaceScope(db);
  const first = await requestScan(scopeA, { domain: DOMAIN }, db);
  await settled(first.scanId);
  const second = await requestScan(scopeA, { domain: DOMAIN }, db);
  await settled(second.scanId);
  const link = await createShareLink(scopeA, { domain: DOMAIN, label: "cross-workspace test" }, db);
  ids = { domain: DOMAIN, scan: second.scanId, otherScan: first.scanId, shareLink: link.id };

  // Workspace B: its own owner (a real account, signed in below through the sign-in page) and token.
  const auth = createAuth({ db, secret: randomBytes(32).toString("hex"), baseURL: process.env.E2E_BASE_URL!, trustedOrigins: [process.env.E2E_BASE_URL!] });
  const existing = await db.user.findUnique({ where: { email: OTHER.email } });
  const userId = existing?.id ?? (await createAccount(auth, db, OTHER)).userId;
  const workspace = await createWorkspace(db, `Other client ${randomBytes(2).toString("hex")}`, userId);
  tokenB = (await createApiToken(systemScope(workspace.id, { kind: "cli", name: "e2e" }), { name: "b", scope: "write" }, db)).token;
});

test.afterAll(async () => {
  await removeDomains([DOMAIN]);
  await db.$disconnect();
});

test("every page and route handler has an entry in the table", () => {
  const routes = appRoutes();
  expect(routes.filter((r) => !(r in TABLE)), "routes without an entry: decide what another workspace gets").toEqual([]);
  expect(Object.keys(TABLE).filter((k) => !routes.includes(k)), "entries for routes that no longer exist").toEqual([]);
});

async function signInAsB(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(OTHER.email);
  await page.getByLabel("Password").fill(OTHER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Domains/ })).toBeVisible();
}

test("workspace B's session and token get 404 for every object of workspace A, and change nothing", async ({ browser, request, playwright }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: process.env.E2E_BASE_URL, extraHTTPHeaders: {} });
  const pageB = await context.newPage();
  await signInAsB(pageB);
  const before = await snapshotA();
  // A's owner: the signed-in state and A's token (the project's defaults).
  const api: APIRequestContext = request;
  // B's token, and no cookie at all: an API client.
  // (Explicitly no storage: Playwright Test would otherwise give it the project's signed-in state.)
  const apiB = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Authorization: `Bearer ${tokenB}` } });

  for (const [route, entry] of Object.entries(TABLE)) {
    if ("exempt" in entry) continue;
    for (const check of entry.checks) {
      const url = check.url(ids);
      if (check.via === "session") {
        // The owner's session (this test's default state) gets the page: the URL is well formed.
        const owner = await api.get(url, { maxRedirects: 0 });
        expect(owner.status(), `${route}: A's owner on ${url}`).toBe(check.owner ?? 200);
        const res = await context.request.get(url, { maxRedirects: 0 });
        expect(res.status(), `${route}: B's session on ${url}`).toBe(404);
      } else {
        const res = await apiB.fetch(url, {
          method: check.method,
          headers: check.body === undefined ? {} : { "Content-Type": "application/json" },
          ...(check.body === undefined ? {} : { data: JSON.stringify(check.body) }),
          maxRedirects: 0,
        });
        expect(res.status(), `${route}: B's token, ${check.method} ${url}: ${res.status() === 404 ? "" : await res.text()}`).toBe(404);
        expect(((await res.json()) as { code?: string }).code, route).toBe("NOT_FOUND");
      }
    }
  }
  expect(await snapshotA(), "workspace A after B's requests").toBe(before);
  // And A's own token still reaches the same objects (the token checks' control).
  expect((await api.get(`/api/v1/scans/${ids.scan}`)).status()).toBe(200);
  expect((await api.get(`/api/v1/domains/${ids.domain}/scans`)).status()).toBe(200);
  await apiB.dispose();
  await context.close();
});
