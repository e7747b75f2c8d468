// PostgreSQL connection helpers: turning a Prisma connection URL into a `pg` config, creating and
// dropping databases, and describing connection failures with Prisma's own error codes.
import pg from "pg";

// Query parameters that only Prisma understands; `pg` must not see them (`schema` becomes the
// adapter's schema and the search_path; the others tune the native engine's pool).
const PRISMA_ONLY_PARAMS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];

/** Splits a Prisma `postgresql://` URL into a `pg` config, the Prisma schema name and display parts. */
export function parseDatabaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw userError("P1013", "The provided database string is invalid. The scheme is not recognized in database URL.");
  }
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw userError("P1013", `The provided database string is invalid. The scheme \`${parsed.protocol.replace(/:$/, "")}\` is not supported by this schema engine (PostgreSQL only).`);
  }
  const schema = parsed.searchParams.get("schema") ?? undefined;
  for (const name of PRISMA_ONLY_PARAMS) parsed.searchParams.delete(name);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres";
  const connectionString = parsed.toString();
  // The native engine works in the URL's `schema` by setting search_path, so that a migration's
  // unqualified names land there; without this they would land in `public`. (Escaping: libpq options.)
  const pgConfig = schema ? { connectionString, options: `-c search_path=${quoteIdent(schema).replace(/[\\ ]/g, "\\$&")}` } : { connectionString };
  return { connectionString, pgConfig, database, schema, host: parsed.hostname || "localhost", port: parsed.port || "5432", user: decodeURIComponent(parsed.username) };
}

/** The same server, another database. */
export function withDatabase(connectionString, database) {
  const parsed = new URL(connectionString);
  parsed.pathname = "/" + encodeURIComponent(database);
  return parsed.toString();
}

export const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** An error carrying a Prisma user-facing error code (shown by the CLI as `Pxxxx: message`). */
export function userError(code, message, meta = {}) {
  return Object.assign(new Error(message), { prismaCode: code, prismaMeta: meta });
}

/** Maps a `pg` connection/server error to Prisma's connection error codes, or returns it unchanged. */
export function describeConnectionError(error, target) {
  const at = `${target.host}:${target.port}`;
  switch (error?.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ECONNRESET":
      return userError("P1001", `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`, { database_host: target.host, database_port: Number(target.port) });
    case "ETIMEDOUT":
      return userError("P1002", `The database server at \`${at}\` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at \`${at}\`.`, { database_host: target.host, database_port: Number(target.port) });
    case "3D000":
      return userError("P1003", `Database \`${target.database}\` does not exist on the database server at \`${at}\`.`, { database_name: target.database, database_host: target.host, database_port: Number(target.port) });
    case "28P01":
    case "28000":
      return userError("P1000", `Authentication failed against database server, the provided database credentials for \`${target.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`, { database_user: target.user });
    case "42501":
      return userError("P1010", `User \`${target.user}\` was denied access on the database \`${target.database}\``, { database_user: target.user, database_name: target.database });
    default:
      return error;
  }
}

/** Runs `fn(client)` on a short-lived single connection (`connection`: a URL or a pg config). */
export async function withClient(connection, fn) {
  const config = typeof connection === "string" ? { connectionString: connection } : connection;
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
  // A server-side disconnect would otherwise surface as an unhandled 'error' event.
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Opens a connection to an administrative database on the server of `target` (its own DB may not exist). */
async function withAdminClient(target, fn) {
  let lastError;
  for (const admin of ["postgres", "template1"]) {
    if (admin === target.database) continue;
    try {
      return await withClient(withDatabase(target.connectionString, admin), fn);
    } catch (error) {
      lastError = error;
      if (error?.code !== "3D000") break;
    }
  }
  throw describeConnectionError(lastError, target);
}

export async function canConnect(url) {
  const target = parseDatabaseUrl(url);
  try {
    await withClient(target.connectionString, (client) => client.query("SELECT 1"));
  } catch (error) {
    throw describeConnectionError(error, target);
  }
}

export async function createDatabase(url) {
  const target = parseDatabaseUrl(url);
  await withAdminClient(target, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(target.database)}`);
    } catch (error) {
      if (error?.code === "42P04") {
        throw userError("P1009", `Database \`${target.database}\` already exists on the database server at \`${target.host}:${target.port}\``, { database_name: target.database });
      }
      throw error;
    }
  });
  return target.database;
}

export async function dropDatabase(url) {
  const target = parseDatabaseUrl(url);
  await withAdminClient(target, (client) => dropDatabaseWith(client, target.database));
  return target.database;
}

/** DROP DATABASE, closing other sessions first where the server can (WITH (FORCE) is PostgreSQL 13+). */
export async function dropDatabaseWith(client, database) {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } catch (error) {
    if (error?.code !== "42601") throw error;
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
  }
}

/**
 * Empties a database the way the native engine resets an external shadow database: every schema
 * that is not PostgreSQL's own is dropped, then `public` (and the URL's `schema`) recreated empty.
 */
export async function resetDatabase(url) {
  const target = parseDatabaseUrl(url);
  await withClient(target.connectionString, async (client) => {
    const { rows } = await client.query(
      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
    for (const schema of new Set(["public", target.schema ?? "public"])) {
      await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    }
  });
}
