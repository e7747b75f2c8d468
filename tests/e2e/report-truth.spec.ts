import { expect, test } from "@playwright/test";
import { DASH } from "./domains";

/**
 * Issue 13 item 11 over real HTTP (tests/integration/api/malformed-paths.test.ts checks the same
 * wiring without a server): the favicon exists, names and ids that mean nothing answer 404 (never
 * 200 or 500), and malformed percent-escapes never reach a 500.
 */
test("the app has an icon", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
  expect(href, "a <link rel=icon> in the page head").toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/(svg\+xml|x-icon|vnd\.microsoft\.icon|png)/);
});

test("/favicon.ico is served", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
});

test("an unknown pinned scan id answers 404", async ({ request }) => {
  const res = await request.get(`/domains/${DASH.strong}/scans/00000000-0000-4000-8000-000000000000`);
  expect(res.status()).toBe(404);
  expect((await request.get(`/domains/${DASH.strong}/scans/not-a-uuid`)).status()).toBe(404);
});

for (const path of ["/domains/%00", "/domains/%ff%fe", "/domains/%00/history"]) {
  test(`${path} answers 404, not 500`, async ({ request }) => {
    expect((await request.get(path)).status()).toBe(404);
  });
}

for (const path of ["/api/v1/domains/%ff%fe/scans", "/api/v1/domains/%00/scans", "/api/v1/scans/%ff"]) {
  test(`${path} answers a clean 400/404 in the API's error shape`, async ({ request }) => {
    const res = await request.get(path);
    expect([400, 404]).toContain(res.status());
    if (res.headers()["content-type"]?.startsWith("application/json")) expect(await res.json()).toHaveProperty("code");
  });
}
