import type { DataSource } from 'typeorm';

/** The statements TypeORM would run to make the database match the entities; empty when they agree. */
export interface SchemaStatement {
  query: string;
  parameters?: unknown[];
}

export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: SchemaStatement[]; down: SchemaStatement[] }> {
  const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
  const plain = ({ query, parameters }: SchemaStatement): SchemaStatement =>
    parameters && parameters.length > 0 ? { query, parameters } : { query };
  return {
    up: sqlInMemory.upQueries.map(plain),
    down: sqlInMemory.downQueries.map(plain).reverse(),
  };
}
