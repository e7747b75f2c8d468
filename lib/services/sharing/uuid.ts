const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else is "not found" before PostgreSQL rejects it with a 500. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
