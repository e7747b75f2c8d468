/** The accounts the browser tests sign in as, and where the owner's signed-in state is kept. */
import path from "node:path";

export const OWNER_STATE = path.join(import.meta.dirname, "..", "..", "test-results", ".auth", "owner.json");

export const OWNER = { name: "Olga Owner", email: "olga@example.test", password: "correct horse battery staple" };
export const VIEWER = { name: "Vic Viewer", email: "vic@example.test", password: "viewer password 12345" };
export const OTHER = { name: "Otto Other", email: "otto@example.test", password: "other password 12345" };
