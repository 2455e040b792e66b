/** Writes schema/schema.graphql from the code; a test fails when the committed file is stale. */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { buildAppSchema, printAppSchema } from '../src/server';

async function main(): Promise<void> {
  await writeFile('schema/schema.graphql', printAppSchema(await buildAppSchema()));
  console.log('Wrote schema/schema.graphql');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
