/**
 * Every server action keeps to its caller's workspace. The owner of workspace B, signed in, who
 * names workspace A's objects (its domain, scan, share link, API token, invitation, members, alert
 * channel or rule) gets NOT_FOUND, and A is left exactly as it was (B too).
 *
 * The actions are not listed by hand: the test walks app/ for "use server" modules at run time,
 * and ACTIONS below must have an entry for every export of every one of them. So an action added
 * later fails the first test until someone says what it does across workspaces. An entry is one of:
 * - "cross": B's call names A's objects and must be NOT_FOUND. Most have a control: the same call
 *   by A's owner succeeds, so the NOT_FOUND comes from the workspace and not from a malformed call.
 * - "own": the action names no object (it creates one, or acts on "all"): B's call must land in B
 *   and leave A as it was.
 * - "exempt": not workspace-scoped, with the reason (some still get a check).
 *
 * Only the framework edge is stood in for: Better Auth's session lookup (a real User row is
 * signed in), next/headers (an in-memory cookie jar), next/navigation (redirect and notFound throw
 * signals the test reads) and next/cache. app/_auth/viewer.ts runs for real, so the workspace comes
 * from the user's real memberships and the switcher cookie, as in production.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { actionScope, WORKSPACE_COOKIE } from "../../../app/_auth/viewer";
import type { ActionResult, runAction as realRunAction } from "../../../lib/actions";
import { disconnectDb } from "../../../lib/db/client";
import { newToken } from "../../../lib/services/access/secrets";
import type { Scope } from "../../../lib/services/access/scope";
import { createApiToken } from "../../../lib/services/api-tokens/tokens";
import { deleteDomains } from "../../../lib/services/domains/delete-domains";
import { setDomainTags } from "../../../lib/services/domains/tag-domains";
import { createInvitation } from "../../../lib/services/members/invitations";
import { createOwnWorkspace } from "../../../lib/services/members/my-workspaces";
import { addAlertChannel, setWorkspaceSchedule } from "../../../lib/services/monitoring/settings";
import { createShareLink } from "../../../lib/services/sharing/share-links";
import { createWorkspace } from "../../../lib/services/workspaces";
import { openTestDb } from "../../helpers/db";
import { mailReport, storeDoneScan } from "../services/fix-fixtures";

// The actions reach the database through getDb(): point it at the test database before they load.
process.env.DATABASE_URL = inject("databaseUrl");

type Person = { id: string; name: string; email: string };

/** What the framework would hold for one request: the signed-in user, the cookies, and what runAction returned. */
const edge = vi.hoisted(() => ({
  user: null as { id: string; name: string; email: string } | null,
  cookies: new Map<string, string>(),
  results: [] as unknown[],
}));

/** Next's redirect() and notFound() end the action by throwing; these stand-ins say where to. */
const nav = vi.hoisted(() => {
  class RedirectSignal extends Error {
    constructor(readonly url: string) {
      super(`redirect to ${url}`);
    }
  }
  class NotFoundSignal extends Error {
    constructor() {
      super("not found");
    }
  }
  return { RedirectSignal, NotFoundSignal };
});

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new nav.RedirectSignal(url);
  },
  notFound: () => {
    throw new nav.NotFoundSignal();
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (name: string) => {
      const value = edge.cookies.get(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [...edge.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => edge.cookies.has(name),
    set: (name: string, value: string) => {
      edge.cookies.set(name, value);
    },
    delete: (name: string) => {
      edge.cookies.delete(name);
    },
  }),
}));
// The session lookup is Better Auth's (a browser cookie); here it answers with the signed-in test user.
vi.mock("@/app/_auth/auth", () => ({
  getAuth: async () => ({ api: { getSession: async () => (edge.user ? { user: edge.user, session: { userId: edge.user.id } } : null) } }),
  oidcSettings: () => undefined,
}));
// Observed, not replaced: actions that answer with a redirect put only the message in the URL, so
// the error code is read from the result the real runAction produced.
vi.mock("@/lib/actions", async (importOriginal) => {
  const real = await importOriginal<{ runAction: typeof realRunAction }>();
  return {
    ...real,
    runAction: async <T>(fn: () => Promise<T>): Promise<ActionResult<T>> => {
      const result = await real.runAction(fn);
      edge.results.push(result);
      return result;
    },
  };
});

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const APP = path.join(ROOT, "app");
const run = randomBytes(4).toString("hex");
const db = openTestDb();
const DRAFT = "version: STSv1\nmode: enforce\nmx: mx1.example\nmax_age: 604800\n";

// ---- the server action modules, found by walking app/ ----

const DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["'])use server\1/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const appFiles = sourceFiles(APP);
/** Repository-relative paths of the modules whose first statement is "use server". */
const actionFiles = appFiles.filter((f) => DIRECTIVE.test(fs.readFileSync(f, "utf8"))).map(relative).sort();

type AnyAction = (...args: unknown[]) => Promise<unknown>;
/** Every export of every action module, keyed `<file>#<export>`. */
const exported = new Map<string, AnyAction>();

// ---- the two workspaces ----

type World = {
  A: {
    id: string;
    owner: Person;
    scope: Scope;
    domain: string;
    domainId: string;
    scanId: string;
    /** A second domain, for the delete control (the first stays for every other entry). */
    spareDomain: string;
    linkId: string;
    tokenId: string;
    invitationId: string;
    /** Members whose role the controls change, or who they remove. */
    roleMember: Person;
    removableMember: Person;
    channelId: string;
    ruleId: string;
    /** A second channel, for the delete-channel control. */
    spareChannelId: string;
  };
  B: { id: string; owner: Person; scope: Scope; domain: string; scanId: string };
};
let w: World;
/** Workspaces and users this file made, deleted at the end. */
const madeWorkspaces: string[] = [];
const madeUsers: string[] = [];

async function makeUser(label: string): Promise<Person> {
  const user = await db.user.create({ data: { id: randomUUID(), name: `${label} ${run}`, email: `${label.toLowerCase().replace(/\W+/g, "-")}-${run}@example.test` } });
  madeUsers.push(user.id);
  return { id: user.id, name: user.name, email: user.email };
}

async function makeWorkspace(label: string, owner: Person): Promise<{ id: string; scope: Scope }> {
  const ws = await createWorkspace(db, `Cross ${label} ${run}`, owner.id);
  madeWorkspaces.push(ws.id);
  return { id: ws.id, scope: { workspaceId: ws.id, role: "owner", actor: { kind: "user", userId: owner.id, name: owner.name } } };
}

beforeAll(async () => {
  for (const file of actionFiles) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) exported.set(`${file}#${name}`, value as AnyAction);
  }

  const ownerA = await makeUser("Owner A");
  const ownerB = await makeUser("Owner B");
  const A = await makeWorkspace("A", ownerA);
  const B = await makeWorkspace("B", ownerB);
  const roleMember = await makeUser("Editor A");
  const removableMember = await makeUser("Viewer A");
  await db.membership.create({ data: { workspaceId: A.id, userId: roleMember.id, role: "editor" } });
  await db.membership.create({ data: { workspaceId: A.id, userId: removableMember.id, role: "viewer" } });

  const domainA = `a-${run}.cross.example`;
  const spareDomain = `a2-${run}.cross.example`;
  const domainB = `b-${run}.cross.example`;
  const scanA = await storeDoneScan(db, mailReport(domainA), domainA, A.id);
  await storeDoneScan(db, mailReport(spareDomain), spareDomain, A.id);
  const scanB = await storeDoneScan(db, mailReport(domainB), domainB, B.id);
  await setDomainTags(A.scope, domainA, ["client-a"], db);
  // A's schedule differs from the default, so B changing its own cannot pass for A's.
  await setWorkspaceSchedule(A.scope, { interval: "hourly" }, db);

  const link = await createShareLink(A.scope, { domain: domainA }, db);
  const token = await createApiToken(A.scope, { name: `A token ${run}`, scope: "write" }, db);
  const invitation = await createInvitation(A.scope, { role: "editor" }, db);
  const channel = await addAlertChannel(A.scope, { kind: "email", name: `A alerts ${run}`, target: "ops-a@example.net" }, db);
  const spareChannel = await addAlertChannel(A.scope, { kind: "email", name: `A spare ${run}`, target: "spare-a@example.net" }, db);
  const rule = await db.alertRule.findFirstOrThrow({ where: { channelId: channel.id }, select: { id: true } });

  w = {
    A: {
      id: A.id,
      owner: ownerA,
      scope: A.scope,
      domain: domainA,
      domainId: scanA.domainId,
      scanId: scanA.scanId,
      spareDomain,
      linkId: link.id,
      tokenId: token.id,
      invitationId: invitation.id,
      roleMember,
      removableMember,
      channelId: channel.id,
      ruleId: rule.id,
      spareChannelId: spareChannel.id,
    },
    B: { id: B.id, owner: ownerB, scope: B.scope, domain: domainB, scanId: scanB.scanId },
  };
});

afterAll(async () => {
  const domains = await db.domain.findMany({ where: { workspaceId: { in: madeWorkspaces } }, select: { id: true } });
  const ids = domains.map((d) => d.id);
  // Scans queued here must not be left for another test's worker.
  await db.$queryRaw`SELECT graphile_worker.remove_job(k)::text FROM unnest(${ids.map((id) => `scan:${id}`)}::text[]) AS k`;
  // The weekly roll-ups carry no foreign key, so they do not go with the workspace.
  await db.domainWeek.deleteMany({ where: { domainId: { in: ids } } });
  await db.workspaceWeek.deleteMany({ where: { workspaceId: { in: madeWorkspaces } } });
  await db.workspace.deleteMany({ where: { id: { in: madeWorkspaces } } });
  await db.user.deleteMany({ where: { id: { in: madeUsers } } });
  await db.$disconnect();
  await disconnectDb();
});

// ---- calling an action as the framework would ----

/**
 * A fresh request by `person`, with the switcher's cookie on `workspaceId` when given (B's owner
 * gains other workspaces during the run; the cookie keeps each entry in B).
 */
function signIn(person: Person, workspaceId?: string): void {
  edge.user = { ...person };
  edge.cookies.clear();
  if (workspaceId) edge.cookies.set(WORKSPACE_COOKIE, workspaceId);
}

function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

type Outcome = { returned?: unknown; redirect?: string; notFound?: true; result?: unknown };

/** Runs the action and says how it ended, with the result of the runAction inside it. */
async function invoke(action: AnyAction, ...args: unknown[]): Promise<Outcome> {
  edge.results.length = 0;
  try {
    const returned = await action(...args);
    return { returned, result: edge.results.at(-1) };
  } catch (err) {
    if (err instanceof nav.RedirectSignal) return { redirect: err.url, result: edge.results.at(-1) };
    if (err instanceof nav.NotFoundSignal) return { notFound: true, result: edge.results.at(-1) };
    throw err;
  }
}

/** NOT_FOUND: returned as the result, shown as the error of the page redirected to, or Next's notFound(). */
function expectNotFound(o: Outcome): void {
  if (o.notFound) return;
  expect(o.result, "the result of the action's service call").toMatchObject({ ok: false, code: "NOT_FOUND" });
  if (o.redirect === undefined) {
    expect(o.returned).toMatchObject({ ok: false, code: "NOT_FOUND" });
  } else {
    expect(new URL(o.redirect, "http://app.test").searchParams.get("error")).toBe((o.result as { message: string }).message);
  }
}

/** Success, as a returned result or a redirect whose query carries no error. */
function expectDone(o: Outcome): void {
  expect(o.notFound).toBeUndefined();
  expect(o.result).toMatchObject({ ok: true });
  if (o.redirect !== undefined) expect(new URL(o.redirect, "http://app.test").searchParams.get("error")).toBeNull();
  else expect(o.returned).toMatchObject({ ok: true });
}

const dataOf = <T>(o: Outcome): T => (o.result as { data: T }).data;

// ---- what "unchanged" means ----

/** Everything of a workspace an action could change, including the scan jobs queued for its domains and its audit log. */
async function snapshot(workspaceId: string): Promise<unknown> {
  const byId = { id: "asc" } as const;
  const [workspace, domains, scans, links, tokens, invitations, members, channels, audit] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true, scanIntervalSeconds: true } }),
    db.domain.findMany({ where: { workspaceId }, select: { id: true, name: true, tags: true, scanIntervalSeconds: true, nextScanAt: true }, orderBy: byId }),
    db.scan.findMany({ where: { domain: { workspaceId } }, select: { id: true, domainId: true, status: true }, orderBy: byId }),
    db.shareLink.findMany({ where: { workspaceId }, select: { id: true, domainId: true, scanId: true, revokedAt: true, expiresAt: true }, orderBy: byId }),
    db.apiToken.findMany({ where: { workspaceId }, select: { id: true, scope: true, revokedAt: true, expiresAt: true }, orderBy: byId }),
    db.invitation.findMany({ where: { workspaceId }, select: { id: true, role: true, revokedAt: true, acceptedAt: true }, orderBy: byId }),
    db.membership.findMany({ where: { workspaceId }, select: { userId: true, role: true }, orderBy: { userId: "asc" } }),
    db.alertChannel.findMany({ where: { workspaceId }, select: { id: true, name: true, target: true, rules: { select: { id: true, minSeverity: true, mode: true }, orderBy: byId } }, orderBy: byId }),
    db.auditEntry.findMany({ where: { workspaceId }, select: { id: true, action: true }, orderBy: byId }),
  ]);
  const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ANY(${domains.map((d) => `scan:${d.id}`)}::text[])`;
  return { workspace, domains, scans, links, tokens, invitations, members, channels, audit: audit.map((a) => `${a.id}:${a.action}`), jobs: Number(jobs[0]?.n ?? 0) };
}

async function expectUnchanged(workspaceIds: string[], body: () => Promise<void>): Promise<void> {
  const before = await Promise.all(workspaceIds.map(snapshot));
  await body();
  expect(await Promise.all(workspaceIds.map(snapshot))).toEqual(before);
}

const domainIn = (workspaceId: string, name: string) => db.domain.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true } });
const membershipOf = (workspaceId: string, userId: string) => db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } });

// ---- the table: one entry per exported action ----

type Entry =
  | { kind: "cross"; attack: (act: AnyAction) => Promise<void>; control?: (act: AnyAction) => Promise<void> }
  | { kind: "own"; check: (act: AnyAction) => Promise<void> }
  | { kind: "exempt"; reason: string; check?: (act: AnyAction) => Promise<void> };

const NOT_A_WORKSPACE = "not workspace-scoped: it acts on the signed-in account or session, not on a workspace's data";

const ACTIONS: Record<string, Entry> = {
  // -- app/(app)/actions.ts: scans, lists and tags --
  "app/(app)/actions.ts#requestScan": {
    // Naming a domain adds it: B's request makes B's own row of that name, never a scan of A's.
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, w.A.domain);
      expectDone(o);
      const data = dataOf<{ domainId: string; domain: string }>(o);
      expect(data.domain).toBe(w.A.domain);
      expect(data.domainId).not.toBe(w.A.domainId);
      expect((await domainIn(w.B.id, w.A.domain))?.id).toBe(data.domainId);
    },
  },
  "app/(app)/actions.ts#requestScanFromForm": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.domain }));
      expect(o.redirect).toBe(`/domains/${w.A.domain}`);
      expect(dataOf<{ domainId: string }>(o).domainId).toBe((await domainIn(w.B.id, w.A.domain))?.id);
    },
  },
  "app/(app)/actions.ts#rescanAndOpen": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, form({ domain: w.A.domain }));
      expect(o.redirect).toBe(`/domains/${w.A.domain}`);
      expectDone(o);
      const mine = await domainIn(w.B.id, w.A.domain);
      expect(dataOf<{ domainId: string }>(o).domainId).toBe(mine?.id);
      expect(await db.scan.count({ where: { domainId: mine?.id, status: "queued" } })).toBe(1);
    },
  },
  "app/(app)/actions.ts#addDomainsFromForm": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({ domains: w.A.domain, rescanExisting: "on" }));
      expectDone(o);
      // "added", not "present": A's row of that name is not B's.
      expect(dataOf<{ lines: { status: string; scan?: string }[] }>(o).lines).toEqual([expect.objectContaining({ status: "added", scan: "queued" })]);
      expect(await domainIn(w.B.id, w.A.domain)).not.toBeNull();
    },
  },
  "app/(app)/actions.ts#rescanFromForm": {
    // A rescan answers per name: A's domain is listed as not found, and nothing is queued.
    kind: "cross",
    attack: async (act) => {
      for (const f of [form({ one: w.A.domain }), form({ domain: [w.A.domain] })]) {
        const o = await invoke(act, null, f);
        expectDone(o);
        expect(dataOf<{ queued: number; notFound: string[] }>(o)).toMatchObject({ queued: 0, alreadyActive: 0, notFound: [w.A.domain] });
      }
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ one: w.A.domain }));
      expect(dataOf(o)).toMatchObject({ queued: 1, notFound: [] });
    },
  },
  "app/(app)/actions.ts#rescanAll": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({}));
      expectDone(o);
      expect(dataOf(o)).toMatchObject({ queued: 1 });
      expect(await db.scan.count({ where: { domain: { workspaceId: w.B.id, name: w.B.domain }, status: "queued" } })).toBe(1);
    },
  },
  "app/(app)/actions.ts#tagSelectedFromForm": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain, tag: "taken" })));
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain, tag: "client-a", tagMode: "remove" })));
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.domain, tag: "client-a" }));
      expect(dataOf(o)).toMatchObject({ mode: "add", changed: [w.A.domain] });
    },
  },
  "app/(app)/actions.ts#setDomainTagsFromForm": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain, tags: "taken" })));
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain, tags: "" })));
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.domain, tags: "client-a, reviewed" }));
      expect(dataOf(o)).toEqual({ domain: w.A.domain, tags: ["client-a", "reviewed"] });
    },
  },

  // -- the workspace switcher --
  "app/(app)/_components/workspace-actions.ts#switchWorkspaceAction": {
    // Names a workspace, not an object in one: it must refuse A's and keep B's user in B.
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, form({ workspaceId: w.A.id }));
      expect(o.redirect).toBe("/");
      expect([...edge.cookies]).toEqual([[WORKSPACE_COOKIE, w.B.id]]);
      expect((await actionScope()).workspaceId).toBe(w.B.id);
      // A forged cookie selects nothing either: the scope comes from the memberships.
      edge.cookies.set(WORKSPACE_COOKIE, w.A.id);
      expect(await actionScope()).toMatchObject({ workspaceId: w.B.id, role: "owner" });
      // Control: a second workspace of B's owner is switched to…
      const other = await createOwnWorkspace(w.B.owner, `Cross B2 ${run}`, db);
      madeWorkspaces.push(other.id);
      expect((await invoke(act, form({ workspaceId: other.id }))).redirect).toBe("/");
      expect(edge.cookies.get(WORKSPACE_COOKIE)).toBe(other.id);
      expect((await actionScope()).workspaceId).toBe(other.id);
      // …and A's id still does not replace it.
      await invoke(act, form({ workspaceId: w.A.id }));
      expect(edge.cookies.get(WORKSPACE_COOKIE)).toBe(other.id);
    },
  },
  "app/(app)/_components/workspace-actions.ts#createWorkspaceAction": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({ name: `Cross new ${run}` }));
      expect(o.redirect).toBe("/");
      const made = await db.membership.findMany({ where: { userId: w.B.owner.id, workspace: { name: `Cross new ${run}` } }, select: { workspaceId: true, role: true } });
      madeWorkspaces.push(...made.map((m) => m.workspaceId));
      expect(made).toEqual([{ workspaceId: expect.not.stringMatching(w.A.id), role: "owner" }]);
      expect([...edge.cookies.values()]).toEqual([made[0]?.workspaceId]);
    },
  },

  // -- deleting domains --
  "app/(app)/delete/actions.ts#deleteDomainsFromForm": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain })));
      expectNotFound(await invoke(act, null, form({ domain: [w.A.domain, w.A.spareDomain] })));
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.spareDomain }));
      expect(o.redirect).toBe("/?deleted=1");
      expect(await domainIn(w.A.id, w.A.spareDomain)).toBeNull();
    },
  },

  // -- a domain's pages --
  "app/(app)/domains/[domain]/fix/actions.ts#checkDraft": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain, kind: "mta-sts", draft: DRAFT })));
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.domain, kind: "mta-sts", draft: DRAFT }));
      expect(dataOf(o)).toMatchObject({ kind: "mta-sts", domain: w.A.domain, scan: { id: w.A.scanId } });
    },
  },
  "app/(app)/domains/[domain]/share-actions.ts#createShareLinkFromForm": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, null, form({ domain: w.A.domain })));
      // B's own domain, pinned to A's scan.
      expectNotFound(await invoke(act, null, form({ domain: w.B.domain, target: "scan", scanId: w.A.scanId })));
    },
    control: async (act) => {
      const o = await invoke(act, null, form({ domain: w.A.domain, target: "scan", scanId: w.A.scanId }));
      expect(dataOf(o)).toMatchObject({ pinned: true });
      expect(await db.shareLink.count({ where: { workspaceId: w.A.id, scanId: w.A.scanId } })).toBe(1);
    },
  },

  // -- settings: schedules and alerts --
  "app/(app)/settings/actions.ts#saveWorkspaceSchedule": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, form({ interval: "weekly" }));
      expect(o.redirect).toBe("/settings?saved=schedule");
      expect((await db.workspace.findUniqueOrThrow({ where: { id: w.B.id } })).scanIntervalSeconds).toBe(604_800);
    },
  },
  "app/(app)/settings/actions.ts#saveDomainSchedule": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ domain: w.A.domain, interval: "weekly" })));
    },
    control: async (act) => {
      expectDone(await invoke(act, form({ domain: w.A.domain, interval: "weekly" })));
      expect((await db.domain.findUniqueOrThrow({ where: { id: w.A.domainId } })).scanIntervalSeconds).toBe(604_800);
    },
  },
  "app/(app)/settings/actions.ts#createChannel": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, form({ kind: "email", name: `B alerts ${run}`, target: "ops-b@example.net", minSeverity: "high", mode: "immediate" }));
      expectDone(o);
      const id = dataOf<{ id: string }>(o).id;
      expect(await db.alertChannel.findUnique({ where: { id }, select: { workspaceId: true } })).toEqual({ workspaceId: w.B.id });
    },
  },
  "app/(app)/settings/actions.ts#deleteChannel": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ id: w.A.channelId })));
    },
    control: async (act) => {
      expectDone(await invoke(act, form({ id: w.A.spareChannelId })));
      expect(await db.alertChannel.findUnique({ where: { id: w.A.spareChannelId } })).toBeNull();
    },
  },
  "app/(app)/settings/actions.ts#createRule": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ channelId: w.A.channelId, minSeverity: "low", mode: "digest" })));
    },
    control: async (act) => {
      const before = await db.alertRule.count({ where: { channelId: w.A.channelId } });
      expectDone(await invoke(act, form({ channelId: w.A.channelId, minSeverity: "low", mode: "digest" })));
      expect(await db.alertRule.count({ where: { channelId: w.A.channelId } })).toBe(before + 1);
    },
  },
  "app/(app)/settings/actions.ts#deleteRule": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ id: w.A.ruleId })));
    },
    control: async (act) => {
      expectDone(await invoke(act, form({ id: w.A.ruleId })));
      expect(await db.alertRule.findUnique({ where: { id: w.A.ruleId } })).toBeNull();
    },
  },

  // -- settings: share links, members, tokens --
  "app/(app)/settings/share-links/actions.ts#revokeShareLinkFromForm": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ id: w.A.linkId })));
    },
    control: async (act) => {
      const o = await invoke(act, form({ id: w.A.linkId }));
      expect(o.redirect).toBe("/settings/share-links?revoked=1");
      expect((await db.shareLink.findUniqueOrThrow({ where: { id: w.A.linkId } })).revokedAt).not.toBeNull();
    },
  },
  "app/(app)/settings/members/actions.ts#createInvitationAction": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({ role: "viewer" }));
      expectDone(o);
      expect(await db.invitation.count({ where: { workspaceId: w.B.id, role: "viewer", revokedAt: null } })).toBe(1);
    },
  },
  "app/(app)/settings/members/actions.ts#revokeInvitationAction": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ id: w.A.invitationId })));
    },
    control: async (act) => {
      expect((await invoke(act, form({ id: w.A.invitationId }))).redirect).toBe("/settings/members?done=revoked");
      expect((await db.invitation.findUniqueOrThrow({ where: { id: w.A.invitationId } })).revokedAt).not.toBeNull();
    },
  },
  "app/(app)/settings/members/actions.ts#changeRoleAction": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ userId: w.A.roleMember.id, role: "viewer" })));
      expectNotFound(await invoke(act, form({ userId: w.A.owner.id, role: "viewer" })));
    },
    control: async (act) => {
      expect((await invoke(act, form({ userId: w.A.roleMember.id, role: "viewer" }))).redirect).toBe("/settings/members?done=role");
      expect(await membershipOf(w.A.id, w.A.roleMember.id)).toEqual({ role: "viewer" });
    },
  },
  "app/(app)/settings/members/actions.ts#removeMemberAction": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ userId: w.A.removableMember.id })));
      expectNotFound(await invoke(act, form({ userId: w.A.owner.id })));
    },
    control: async (act) => {
      expect((await invoke(act, form({ userId: w.A.removableMember.id }))).redirect).toBe("/settings/members?done=removed");
      expect(await membershipOf(w.A.id, w.A.removableMember.id)).toBeNull();
    },
  },
  "app/(app)/settings/tokens/actions.ts#createTokenAction": {
    kind: "own",
    check: async (act) => {
      const o = await invoke(act, null, form({ name: `B token ${run}`, scope: "read" }));
      expectDone(o);
      expect(await db.apiToken.count({ where: { workspaceId: w.B.id, name: `B token ${run}` } })).toBe(1);
    },
  },
  "app/(app)/settings/tokens/actions.ts#revokeTokenAction": {
    kind: "cross",
    attack: async (act) => {
      expectNotFound(await invoke(act, form({ id: w.A.tokenId })));
    },
    control: async (act) => {
      expect((await invoke(act, form({ id: w.A.tokenId }))).redirect).toBe("/settings/tokens?revoked=1");
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: w.A.tokenId } })).revokedAt).not.toBeNull();
    },
  },

  "app/(app)/settings/reports/actions.ts#createIngestTokenAction": {
    kind: "own",
    check: async (act) => {
      const before = await db.ingestSettings.findUnique({ where: { workspaceId: w.A.id } });
      expectDone(await invoke(act, null, form({})));
      expect((await db.ingestSettings.findUniqueOrThrow({ where: { workspaceId: w.B.id } })).tokenHash).toBeTruthy();
      expect(await db.ingestSettings.findUnique({ where: { workspaceId: w.A.id } })).toEqual(before);
    },
  },
  "app/(app)/settings/reports/actions.ts#saveMailboxAction": {
    kind: "own",
    check: async (act) => {
      const before = await db.ingestSettings.findUnique({ where: { workspaceId: w.A.id } });
      const o = await invoke(act, form({ url: "imaps://u:p@imap.example.test", mailbox: "INBOX", doneMailbox: "" }));
      expect(o.redirect).toBe("/settings/reports?saved=mailbox#mailbox-h");
      expect((await db.ingestSettings.findUniqueOrThrow({ where: { workspaceId: w.B.id } })).imapUrl).toBe("imaps://u:p@imap.example.test");
      expect(await db.ingestSettings.findUnique({ where: { workspaceId: w.A.id } })).toEqual(before);
    },
  },
  "app/(app)/settings/reports/actions.ts#uploadReportsAction": {
    // A report naming A's domain is stored in B's workspace (where processing will reject it), never in A's.
    kind: "own",
    check: async (act) => {
      const f = new FormData();
      const body = JSON.stringify({ "organization-name": `cross ${run}`, "report-id": run, policies: [{ policy: { "policy-domain": w.A.domain } }] });
      f.append("files", new File([body], "report.json", { type: "application/json" }));
      const o = await invoke(act, null, f);
      expectDone(o);
      const [outcome] = dataOf<{ ok: boolean; rawId?: string }[]>(o);
      expect(outcome?.ok).toBe(true);
      expect((await db.rawReport.findUniqueOrThrow({ where: { id: outcome!.rawId! } })).workspaceId).toBe(w.B.id);
      expect(await db.rawReport.count({ where: { workspaceId: w.A.id } })).toBe(0);
      await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${outcome!.rawId!}`})`;
    },
  },

  // -- invitations, opened from the link --
  "app/(public)/invite/[token]/actions.ts#acceptInvitationAction": {
    kind: "exempt",
    reason: "the link's token is itself the grant (whoever holds A's invitation is meant to join A); it names no object of the caller's workspace",
    // Still: a token A never issued, or A's invitation id in its place, joins nothing.
    check: async (act) => {
      for (const token of [newToken("invite").token, w.A.invitationId]) {
        const o = await invoke(act, form({ token }));
        expect(o.result).toMatchObject({ ok: false, code: "NOT_FOUND" });
        expect(o.redirect).toMatch(/^\/invite\/.+\?error=/);
      }
      expect(await membershipOf(w.A.id, w.B.owner.id)).toBeNull();
      expect([...edge.cookies]).toEqual([[WORKSPACE_COOKIE, w.B.id]]);
    },
  },
  "app/(public)/invite/[token]/actions.ts#joinWithAccountAction": {
    kind: "exempt",
    reason: "signs up a new account from an invitation token (Better Auth); there is no signed-in workspace to act from",
  },

  // -- the account itself --
  "app/_auth/actions.ts#signInAction": { kind: "exempt", reason: NOT_A_WORKSPACE },
  "app/_auth/actions.ts#signOutAction": { kind: "exempt", reason: NOT_A_WORKSPACE },
  "app/_auth/actions.ts#setupAction": { kind: "exempt", reason: `${NOT_A_WORKSPACE} (the first-run setup link)` },
  "app/_auth/actions.ts#changePasswordAction": { kind: "exempt", reason: NOT_A_WORKSPACE },
  "app/_auth/actions.ts#signInWithOidcAction": { kind: "exempt", reason: NOT_A_WORKSPACE },
};

const entries = Object.entries(ACTIONS);
const actionOf = (key: string): AnyAction => {
  const act = exported.get(key);
  if (!act) throw new Error(`${key} is not exported`);
  return act;
};

describe("the table covers every server action", () => {
  it("finds the action modules under app/", () => {
    expect(actionFiles).toContain("app/(app)/actions.ts");
    expect(actionFiles).toContain("app/(app)/settings/actions.ts");
    expect(actionFiles.length).toBeGreaterThanOrEqual(11);
  });

  it("has no inline server action (a \"use server\" that is not a module's first statement escapes the table)", () => {
    const inline = appFiles.filter((f) => {
      const text = fs.readFileSync(f, "utf8");
      return /(["'])use server\1/.test(text) && !DIRECTIVE.test(text);
    });
    expect(inline.map(relative)).toEqual([]);
  });

  it("has an entry for every export, and no entry without an export", () => {
    const keys = [...exported.keys()].sort();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !(k in ACTIONS)), "exports without an entry in ACTIONS").toEqual([]);
    expect(Object.keys(ACTIONS).filter((k) => !exported.has(k)), "entries without an export").toEqual([]);
  });

  it("every export is an async function, every exemption gives its reason", () => {
    for (const [key, fn] of exported) expect(typeof fn, key).toBe("function");
    for (const [key, e] of entries) if (e.kind === "exempt") expect(e.reason.length, key).toBeGreaterThan(20);
  });
});

describe("as workspace B's owner, naming workspace A's objects", () => {
  afterEach(async () => {
    // "own" entries may have made B's own row of A's domain name: later entries must not find it.
    if (await domainIn(w.B.id, w.A.domain)) await deleteDomains(w.B.scope, [w.A.domain], db);
  });

  it("the signed-in user is B's owner, in B, and no member of A", async () => {
    signIn(w.B.owner);
    const inB = { workspaceId: w.B.id, role: "owner", actor: { kind: "user", userId: w.B.owner.id, name: w.B.owner.name } };
    expect(await actionScope()).toEqual(inB);
    signIn(w.B.owner, w.A.id);
    expect(await actionScope()).toEqual(inB);
    expect(await membershipOf(w.A.id, w.B.owner.id)).toBeNull();
  });

  const cross = entries.filter((e): e is [string, Extract<Entry, { kind: "cross" }>] => e[1].kind === "cross");
  it.each(cross)("%s: NOT_FOUND, and neither workspace changes", async (key, entry) => {
    signIn(w.B.owner, w.B.id);
    await expectUnchanged([w.A.id, w.B.id], () => entry.attack(actionOf(key)));
  });

  const own = entries.filter((e): e is [string, Extract<Entry, { kind: "own" }>] => e[1].kind === "own");
  it.each(own)("%s: acts in B only, A does not change", async (key, entry) => {
    signIn(w.B.owner, w.B.id);
    await expectUnchanged([w.A.id], () => entry.check(actionOf(key)));
  });

  const checked = entries.filter((e): e is [string, Extract<Entry, { kind: "exempt" }> & { check: (act: AnyAction) => Promise<void> }] => e[1].kind === "exempt" && e[1].check !== undefined);
  it.each(checked)("%s (exempt, checked anyway): A does not change", async (key, entry) => {
    signIn(w.B.owner, w.B.id);
    await expectUnchanged([w.A.id], () => entry.check(actionOf(key)));
  });
});

describe("controls: the same calls by A's owner succeed", () => {
  const controlled = entries.filter((e): e is [string, Extract<Entry, { kind: "cross" }> & { control: (act: AnyAction) => Promise<void> }] => e[1].kind === "cross" && e[1].control !== undefined);

  it("every cross-workspace entry has a control", () => {
    expect(entries.filter(([, e]) => e.kind === "cross" && !e.control).map(([k]) => k)).toEqual([]);
  });

  it.each(controlled)("%s", async (key, entry) => {
    signIn(w.A.owner, w.A.id);
    await entry.control(actionOf(key));
  });
});
