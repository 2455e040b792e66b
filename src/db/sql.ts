import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The entity's columns selected under their property names (`m.posted_at AS "postedAt"`), so raw rows map
 * straight onto entity objects. With `json`, the same list as `json_build_object` arguments.
 */
export function selectColumns<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  alias: string,
  style: 'select' | 'json' = 'select',
): string {
  const columns = dataSource.getMetadata(entity).columns;
  return columns
    .map((column) =>
      style === 'json'
        ? `'${column.propertyName}', ${alias}.${column.databaseName}`
        : `${alias}.${column.databaseName} AS "${column.propertyName}"`,
    )
    .join(', ');
}

/** Builds entity instances (so class getters work) from rows keyed by property name. */
export function hydrate<T extends object>(
  entity: new () => T,
  rows: ReadonlyArray<Record<string, unknown>>,
  dateFields: readonly string[] = [],
): T[] {
  return rows.map((row) => {
    const instance = Object.assign(new entity(), row);
    // values that went through json_build_object come back as strings
    for (const field of dateFields) {
      const value = (instance as Record<string, unknown>)[field];
      if (typeof value === 'string') (instance as Record<string, unknown>)[field] = new Date(value);
    }
    return instance;
  });
}

/** Collects positional parameters while a statement is assembled; never interpolate input into SQL. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
