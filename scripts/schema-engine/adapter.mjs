// The driver adapter factory handed to the WebAssembly schema engine: @prisma/adapter-pg, plus
// fixes for what it gets wrong when the *schema engine* (not Prisma Client) drives it.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, DriverAdapterError, bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { dropDatabaseWith, parseDatabaseUrl, quoteIdent, resetDatabase, withClient, withDatabase } from "./db.mjs";
import { info, warn } from "./log.mjs";

// Defect 1 — catalog types. The engine introspects pg_catalog, whose columns use the internal types
// `"char"` (OID 18: pg_constraint.contype, pg_class.relkind…) and `name` (OID 19), and arrays of
// them. adapter-pg has no column type for `"char"` (UnsupportedNativeDataType: "Column type 'char'
// could not be deserialized") nor for name[], and returns "char"[] unparsed ("{r,v}"). The engine
// reads `"char"` values as characters, as the native engine's driver types them: labelling them text
// works until a row reaches such a read (PostgreSQL 18's NOT NULL constraints in pg_constraint, or
// any CHECK constraint) and then panics "… as char failed". So: parse the arrays as text arrays,
// relabel `"char"` as text so adapter-pg accepts it, remember which columns those were, and report
// them to the engine as Character columns (see `queryRaw` below). `name` itself is already text.
const OID = { CHAR: 18, TEXT: 25, CHAR_ARRAY: 1002, NAME_ARRAY: 1003, TEXT_ARRAY: 1009 };
// adapter-pg falls back to pg's global parser registry for OIDs it has no parser of its own for.
pg.types.setTypeParser(OID.CHAR_ARRAY, pg.types.getTypeParser(OID.TEXT_ARRAY));
pg.types.setTypeParser(OID.NAME_ARRAY, pg.types.getTypeParser(OID.TEXT_ARRAY));

// Result rows array -> indexes of its `"char"` columns. adapter-pg returns pg's `rows` array as is.
const charColumns = new WeakMap();

function relabel(result) {
  for (const one of Array.isArray(result) ? result : [result]) {
    const chars = [];
    (one?.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID === OID.CHAR) {
        field.dataTypeID = OID.TEXT;
        chars.push(index);
      } else if (field.dataTypeID === OID.NAME_ARRAY) {
        field.dataTypeID = OID.TEXT_ARRAY;
      }
    });
    if (chars.length && Array.isArray(one.rows)) charColumns.set(one.rows, chars);
  }
  return result;
}

/** A pg client whose results adapter-pg can classify (see above). */
class CatalogFriendlyClient extends pg.Client {
  query(config, values, callback) {
    // pg-pool calls query(text, values, cb); the adapter awaits query(config). Support both.
    if (typeof values === "function") return this.query(config, undefined, values);
    if (typeof callback === "function") return super.query(config, values, (err, res) => callback(err, err ? res : relabel(res)));
    const out = super.query(config, values);
    return out instanceof Promise ? out.then(relabel) : out;
  }
}

/** Converts an error from pg to the adapter error shape the engine understands, keeping the server's text. */
function toAdapterError(error) {
  if (typeof error?.code === "string" && typeof error?.severity === "string") {
    const { code, severity, message, detail, column, hint } = error;
    return new DriverAdapterError({ kind: "postgres", code, severity, message, detail, column, hint });
  }
  if (error?.code === "ECONNREFUSED" || error?.code === "ENOTFOUND") {
    return new DriverAdapterError({ kind: "DatabaseNotReachable", host: error.address ?? error.hostname, port: error.port });
  }
  return error;
}

/**
 * Patches an adapter or transaction: reports `"char"` columns as Character (defect 1), and remembers
 * the server's own wording of a failure — the engine reduces some errors to a kind ("column not
 * found") and we want the original text in the CLI's "migration failed" message.
 */
function withCharColumnsAndErrors(queryable, state) {
  const remember = (error) => {
    const cause = error?.cause;
    state.lastDbError = cause?.originalMessage ? { code: cause.originalCode, message: cause.originalMessage } : cause ?? error;
    throw error;
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query).catch(remember);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.executeRaw = (query) => executeRaw(query).catch(remember);
  return queryable;
}

/**
 * @param {{ url: string, shadowDatabaseUrl?: string }} datasource
 * @param {{ lastDbError: unknown }} state  receives the last raw PostgreSQL error, for error messages
 */
export function createAdapterFactory(datasource, state) {
  const shadowDatabases = new Set();

  async function open(url) {
    const target = parseDatabaseUrl(url);
    // One connection, kept open: the engine was written for the native driver's single session. It
    // takes a session-level advisory lock (pg_advisory_lock) on every migrate call and never releases
    // it, relying on the lock being re-entrant in that session; a second pooled connection would
    // wait on its own process's lock. It issues no concurrent queries, so one connection costs nothing.
    const pool = new pg.Pool({ ...target.pgConfig, Client: CatalogFriendlyClient, max: 1, idleTimeoutMillis: 0 });
    const adapter = await new PrismaPg(pool, {
      schema: target.schema,
      disposeExternalPool: true,
      onPoolError: (error) => warn(`idle PostgreSQL connection failed: ${error.message}`),
    }).connect();

    // Defect 2 — migration scripts. adapter-pg's executeScript splits the script on every ";" (breaking
    // on semicolons inside strings, comments and function bodies) and runs the pieces one by one, so a
    // failing statement leaves the earlier ones applied. The native engine sends the whole script as
    // one simple-protocol query, which PostgreSQL runs as a single implicit transaction. Do the same.
    adapter.executeScript = async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        state.lastDbError = error;
        throw toAdapterError(error);
      }
    };
    withCharColumnsAndErrors(adapter, state);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => withCharColumnsAndErrors(await startTransaction(isolationLevel), state);
    return adapter;
  }

  // Defect 3 — shadow database. adapter-pg's connectToShadowDb creates a database but connects with
  // { ...config, database }, and pg lets the connection string win over `database`, so the "shadow"
  // replays every migration on the main database ("relation already exists" on the 2nd migration).
  // We create a uniquely named database ourselves, point a fresh adapter at it and drop it on dispose.
  async function connectToShadowDb() {
    // A configured shadow database is the user's to keep: empty it (the engine expects it empty and
    // would report its leftovers as drift) but do not drop it.
    if (datasource.shadowDatabaseUrl) {
      await resetDatabase(datasource.shadowDatabaseUrl);
      return open(datasource.shadowDatabaseUrl);
    }
    const main = parseDatabaseUrl(datasource.url);
    const name = `prisma_shadow_${randomBytes(8).toString("hex")}`;
    await withClient(main.connectionString, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
    shadowDatabases.add(name);
    info(`created shadow database ${name}`);
    const adapter = await open(withDatabase(datasource.url, name));
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await dropShadow(name);
    };
    return adapter;
  }

  async function dropShadow(name) {
    if (!shadowDatabases.delete(name)) return;
    const main = parseDatabaseUrl(datasource.url);
    try {
      await withClient(main.connectionString, (client) => dropDatabaseWith(client, name));
      info(`dropped shadow database ${name}`);
    } catch (error) {
      warn(`could not drop shadow database ${name}: ${error.message}`);
    }
  }

  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => open(datasource.url),
    connectToShadowDb,
  });
  /** Drops shadow databases the engine did not dispose of (e.g. after an error). */
  const cleanup = () => Promise.all([...shadowDatabases].map(dropShadow));
  return { factory, cleanup };
}
