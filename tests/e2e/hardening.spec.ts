/**
 * Web hardening against the running app (proxy.ts, lib/security): a server action is refused with
 * 403 — and changes nothing — without an Origin, with `Origin: null`, with a foreign Origin and
 * in the DNS-rebinding pattern (Host and Origin both the attacker's), while the very same request
 * with the app's own Origin works; every page carries a nonce CSP and the other security headers,
 * hydrates under that CSP, and the server listens on loopback only.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createDb } from "../../lib/db/client";
import { requestScan } from "../../lib/services/scans/request-scan";
import { createShareLink } from "../../lib/services/sharing/share-links";
import { removeDomains } from "./domains";
import { ownerWorkspaceScope } from "./scope";

test.describe.configure({ mode: "serial" });

/** Added only by the accepted replay below; the refused ones must leave it absent. */
const ACTION_DOMAIN = "hardening-action.e2e-lab.test";
/** Added through the service layer, for a report page to read headers from. */
const REPORT_DOMAIN = "hardening-report.e2e-lab.test";
const REBIND = "rebind.attacker.test";

function baseUrl(): URL {
  const base = process.env.E2E_BASE_URL;
  if (!base) throw new Error("E2E_BASE_URL is not set: run through `npx playwright test` (global-setup)");
  return new URL(base);
}

function database() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npx playwright test` (global-setup)");
  return createDb(url);
}

async function domainCount(name: string): Promise<number> {
  const db = database();
  try {
    return await db.domain.count({ where: { name } });
  } finally {
    await db.$disconnect();
  }
}

/** Waits until the domains' scans left the queue, so removing them races no worker. */
async function settle(names: string[]): Promise<void> {
  const db = database();
  try {
    await expect
      .poll(() => db.scan.count({ where: { domain: { name: { in: names } }, status: { in: ["queued", "running"] } } }), { timeout: 60_000, intervals: [500] })
      .toBe(0);
  } finally {
    await db.$disconnect();
  }
}

test.afterAll(async () => {
  await settle([ACTION_DOMAIN, REPORT_DOMAIN]);
  await removeDomains([ACTION_DOMAIN, REPORT_DOMAIN]);
});

/** The security headers of a response; returns the nonce of its CSP. */
function expectHardened(headers: Record<string, string>): string {
  const csp = headers["content-security-policy"] ?? "";
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(directives.get("script-src")?.join(" ") ?? "")?.[1];
  expect(nonce, `script-src with a nonce in: ${csp}`).toBeTruthy();
  expect(directives.get("script-src")).toContain("'strict-dynamic'");
  expect(directives.get("script-src")).not.toContain("'unsafe-inline'");
  expect(directives.get("script-src")).not.toContain("'unsafe-eval'");
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toMatch(/camera=\(\)/);
  return nonce!;
}

/** Every <script> of the page carries the response's nonce (else the browser would block it). */
function expectScriptsCarry(html: string, nonce: string): void {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
}

async function getPage(request: APIRequestContext, path: string) {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/html/);
  return { headers: res.headers(), html: await res.text() };
}

test("HTML pages carry a fresh-nonce CSP and the security headers", async ({ request }) => {
  const first = await getPage(request, "/");
  const nonce = expectHardened(first.headers);
  expectScriptsCarry(first.html, nonce);
  // A nonce is only worth something when it cannot be predicted: each response draws its own.
  const again = await getPage(request, "/");
  expect(expectHardened(again.headers)).not.toBe(nonce);

  const db = database();
  try {
    await requestScan(await ownerWorkspaceScope(db), { domain: REPORT_DOMAIN }, db);
  } finally {
    await db.$disconnect();
  }
  const report = await getPage(request, `/domains/${REPORT_DOMAIN}`);
  expect(report.html).toContain(REPORT_DOMAIN);
  expectScriptsCarry(report.html, expectHardened(report.headers));
});

test("the sign-in page and a share link carry the same headers; a share link hands on no referrer", async ({ playwright }) => {
  const stranger = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL, storageState: { cookies: [], origins: [] } });
  try {
    const signIn = await getPage(stranger, "/sign-in");
    expect(signIn.html).toContain("Sign in to mailposture");
    expectScriptsCarry(signIn.html, expectHardened(signIn.headers));

    const db = database();
    let url: string;
    try {
      const scope = await ownerWorkspaceScope(db);
      await requestScan(scope, { domain: REPORT_DOMAIN }, db);
      await settle([REPORT_DOMAIN]);
      url = (await createShareLink(scope, { domain: REPORT_DOMAIN, label: "headers" }, db)).url;
    } finally {
      await db.$disconnect();
    }
    const shared = await stranger.get(new URL(url).pathname);
    expect(shared.status()).toBe(200);
    const headers = shared.headers();
    expectHardened({ ...headers, "referrer-policy": "strict-origin-when-cross-origin" });
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["cache-control"]).toContain("no-store");
    expect(headers["x-robots-tag"]).toContain("noindex");
  } finally {
    await stranger.dispose();
  }
});

test("a rebinding Host is refused even for reads", async ({ request }) => {
  const port = baseUrl().port;
  const res = await request.get("/", { headers: { Host: `${REBIND}:${port}` } });
  expect(res.status()).toBe(403);
  expect(await res.text()).toMatch(/^Forbidden/);
  expect(res.headers()["content-type"]).toMatch(/^text\/plain/);
  // The same request on the app's own name is served: the Host alone made the difference.
  expect((await request.get("/", { headers: { Host: baseUrl().host } })).status()).toBe(200);
});

test("the page hydrates under the CSP; forged server actions get 403 and change nothing", async ({ page, request }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const cspConsole: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) cspConsole.push(m.text());
  });

  // Catch the add-domain form's server action as the hydrated page sends it: a fetch with a
  // Next-Action header (without JavaScript the form would post natively, without that header).
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/*", async (route) => {
    const req = route.request();
    const headers = await req.allHeaders();
    if (req.method() !== "POST" || !headers["next-action"]) return route.continue();
    captured = { url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) };
    return route.abort();
  });
  await page.goto("/");
  await page.waitForLoadState("load");
  // The suite's app runs with MAILPOSTURE_ALLOW_PRIVATE=1 (the lab): every page says so.
  await expect(page.getByRole("complementary", { name: "Lab mode" })).toContainText("private network addresses");
  await page.getByLabel("Domain name").fill(ACTION_DOMAIN);
  await page.getByRole("button", { name: "Add and scan" }).click();
  await expect.poll(() => captured !== undefined, { timeout: 15_000 }).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(cspConsole).toEqual([]);
  const action = captured!;
  expect(action.headers["origin"]).toBe(baseUrl().origin);

  // The captured request, replayed with the Origin and Host of each attack.
  const port = baseUrl().port;
  const replay = (change: Record<string, string | undefined>) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(action.headers)) {
      if (!["origin", "host", "referer", "cookie", "content-length"].includes(name)) headers[name] = value;
    }
    for (const [name, value] of Object.entries(change)) if (value !== undefined) headers[name] = value;
    return request.post(action.url, { headers, data: action.body, maxRedirects: 0 });
  };
  const attacks: [string, Record<string, string | undefined>][] = [
    ["no Origin", {}],
    ["Origin: null", { origin: "null" }],
    ["a foreign Origin", { origin: "https://attacker.test" }],
    ["DNS rebinding (Host and Origin the attacker's)", { host: `${REBIND}:${port}`, origin: `http://${REBIND}:${port}` }],
  ];
  for (const [name, change] of attacks) {
    const res = await replay(change);
    expect(res.status(), name).toBe(403);
    expect(await res.text(), name).toMatch(/^Forbidden/);
    expect(await domainCount(ACTION_DOMAIN), name).toBe(0);
  }

  // The same bytes from the app's own origin: the action runs and adds the domain, so the
  // refusals above came from the Origin/Host checks, not from a malformed replay.
  const accepted = await replay({ origin: baseUrl().origin });
  expect(accepted.status()).toBeLessThan(400);
  await expect.poll(() => domainCount(ACTION_DOMAIN)).toBe(1);
});

test("no foreign page can frame the dashboard", async ({ page }) => {
  const refusals: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
  });
  // A page of another origin (about:blank here) embeds the dashboard, as a clickjacking page would.
  await page.setContent(`<iframe id="victim" src="${baseUrl().origin}/" width="900" height="600"></iframe>`);
  await expect.poll(() => refusals.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.frameLocator("#victim").getByRole("link", { name: "mailposture" })).toHaveCount(0);
});

/** The kernel's table of listening TCP sockets on `port`, as `address` strings (hex, as in /proc). */
function listeners(port: number): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Columns: sl, local_address (ADDR:PORT), rem_address, st (0A = LISTEN), …
      .filter((cols) => cols.length > 3 && cols[3] === "0A" && cols[1]!.endsWith(`:${portHex}`))
      .map((cols) => cols[1]!.split(":")[0]!),
  );
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5_000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

// global-setup starts the app with HOST unset.
test("without HOST the app listens on 127.0.0.1 only", async () => {
  const port = Number(baseUrl().port);
  // 0100007F is 127.0.0.1 in /proc's little-endian hex; 0.0.0.0 or :: would be every interface.
  expect(listeners(port)).toEqual(["0100007F"]);
  expect(await connects("127.0.0.1", port)).toBe(true);
  const external = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === "IPv4")
    .map((a) => a!.address);
  for (const address of external) expect(await connects(address, port), address).toBe(false);
});
