/**
 * npm run bench:ingest -- [--mentions 50000] [--repeat 3] [--memory-mentions 0]
 *
 * The same generated mentions, three ways, each as a ratio to the physical limit measured in the same run:
 *   http    ingestMentions over HTTP to a server process (batches of 1,000, two requests in flight)
 *   import  `npm run import` of an NDJSON file (a child process, its default batches of 5,000)
 *   copy    COPY of the stored rows into a scratch copy of the mentions table (LIKE … INCLUDING ALL)
 * Sentiment, language detection and rollups are included in http and import. With --memory-mentions,
 * the server's resident memory is sampled through an HTTP ingestion of that many mentions.
 * Results: bench/results/ingest-<time>-<mentions>[-memory-<n>].json and a table on stdout. Uses BENCH_DATABASE_URL or an embedded PostgreSQL.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { loadCorpus } from '../src/seed/corpus';
import { createAuthorPools, generateMentions } from '../src/seed/generate';
import { planSeed } from '../src/seed/plan';
import { benchServer, dropDatabases, freshDatabase, median, sampleMemory, startServerProcess } from './support';

const ADMIN_KEY = 'bench-admin-key-0123456789-abcdef';
const HTTP_BATCH = 1000;
const HTTP_IN_FLIGHT = 2;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mentions: { type: 'string', default: '50000' },
      repeat: { type: 'string', default: '3' },
      'memory-mentions': { type: 'string', default: '0' },
    },
  });
  const count = Number(values.mentions);
  const repeat = Number(values.repeat);
  const memoryCount = Number(values['memory-mentions']);
  const work = mkdtempSync(path.join(tmpdir(), 'crisis-bench-ingest-'));
  const server = await benchServer();
  try {
    const file = path.join(work, 'mentions.ndjson');
    const organization = await writeMentions(file, Math.max(count, memoryCount));
    console.log(`generated ${Math.max(count, memoryCount)} mentions for ${organization.slug} into ${file}`);

    const runs: Array<{ http: number; import: number; copy: number; copyWithForeignKeys: number }> = [];
    for (let round = 1; round <= repeat; round += 1) {
      const httpUrl = await freshDatabase(server.url, 'bench_ingest_http');
      const importUrl = await freshDatabase(server.url, 'bench_ingest_import');
      const copyUrl = await freshDatabase(server.url, 'bench_ingest_copy');
      for (const url of [httpUrl, importUrl]) await createOrganization(url, organization);

      // each path starts on a settled server, so none pays for flushing or vacuuming what another one wrote
      await settle(server.url);
      const http = await throughHttp(httpUrl, organization.slug, file, count);
      await settle(server.url);
      const imported = await throughImport(importUrl, organization.slug, file, count, work);
      await settle(server.url);
      const copy = await throughCopy(httpUrl, copyUrl, work);
      runs.push({ http: http.rate, import: imported, copy: copy.plain, copyWithForeignKeys: copy.withForeignKeys });
      console.log(
        `round ${round}: http ${Math.round(http.rate)}/s, import ${Math.round(imported)}/s, copy ${Math.round(copy.plain)}/s, ` +
          `copy with the foreign keys ${Math.round(copy.withForeignKeys)}/s`,
      );
    }

    const result: Record<string, unknown> = {
      benchmark: 'ingest',
      date: new Date().toISOString(),
      mentions: count,
      repeat,
      httpBatch: HTTP_BATCH,
      httpInFlight: HTTP_IN_FLIGHT,
      runs,
      medians: {
        httpPerSecond: Math.round(median(runs.map((r) => r.http))),
        importPerSecond: Math.round(median(runs.map((r) => r.import))),
        copyPerSecond: Math.round(median(runs.map((r) => r.copy))),
        copyWithForeignKeysPerSecond: Math.round(median(runs.map((r) => r.copyWithForeignKeys))),
        httpToCopy: round2(median(runs.map((r) => r.http / r.copy))),
        importToCopy: round2(median(runs.map((r) => r.import / r.copy))),
        httpToCopyWithForeignKeys: round2(median(runs.map((r) => r.http / r.copyWithForeignKeys))),
        importToCopyWithForeignKeys: round2(median(runs.map((r) => r.import / r.copyWithForeignKeys))),
      },
    };
    if (memoryCount > 0) {
      const url = await freshDatabase(server.url, 'bench_ingest_memory');
      await createOrganization(url, organization);
      const memory = await throughHttp(url, organization.slug, file, memoryCount);
      const samples = memory.memory;
      const quarter = Math.max(1, Math.floor(samples.length / 4));
      result.memory = {
        mentions: memoryCount,
        ratePerSecond: Math.round(memory.rate),
        samples: samples.length,
        serverRssMiB: {
          firstQuarterMedian: mib(median(samples.slice(0, quarter))),
          lastQuarterMedian: mib(median(samples.slice(-quarter))),
          max: mib(Math.max(...samples)),
        },
      };
    }
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    const out = path.join('bench', 'results', `ingest-${stamp}Z-${count}${memoryCount > 0 ? `-memory-${memoryCount}` : ''}.json`);
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    const m = result.medians as Record<string, number>;
    console.log(`\n| path | mentions/s (median of ${repeat}) | ratio to COPY | ratio to COPY with the foreign keys |\n|---|---:|---:|---:|`);
    console.log(`| ingestMentions over HTTP | ${m.httpPerSecond} | ${m.httpToCopy} | ${m.httpToCopyWithForeignKeys} |`);
    console.log(`| npm run import | ${m.importPerSecond} | ${m.importToCopy} | ${m.importToCopyWithForeignKeys} |`);
    console.log(`| COPY into a scratch mentions table | ${m.copyPerSecond} | 1 | |`);
    console.log(`| COPY into a scratch mentions table with its foreign keys | ${m.copyWithForeignKeysPerSecond} | | 1 |`);
    if (result.memory) console.log(`\nmemory during ${memoryCount} mentions over HTTP: ${JSON.stringify(result.memory)}`);
    console.log(`\nwritten to ${out}`);
  } finally {
    await dropDatabases(server.url, ['bench_ingest_http', 'bench_ingest_import', 'bench_ingest_copy', 'bench_ingest_memory']).catch(() => undefined);
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface BenchOrganization {
  slug: string;
  name: string;
  timezone: string;
  handles: Array<{ platform: string; handle: string }>;
}

async function writeMentions(file: string, count: number): Promise<BenchOrganization> {
  const plan = planSeed({ mentions: count, organizations: 1, seed: 7, days: 30, end: new Date('2026-11-20T00:00:00Z') });
  const organization = plan.organizations[0]!;
  const corpus = loadCorpus(path.resolve('..', 'shared', 'data'));
  const out = createWriteStream(file);
  for (const mention of generateMentions(plan, organization, corpus, [], createAuthorPools(plan))) {
    const { incidentId: _dropped, ...rest } = mention as typeof mention & { incidentId?: string };
    if (!out.write(`${JSON.stringify(rest)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise((resolve) => out.end(resolve));
  const profile = organization.profile;
  return { slug: organization.slug, name: profile.name, timezone: profile.timezone, handles: profile.handles.map(({ platform, handle }) => ({ platform, handle })) };
}

async function createOrganization(url: string, organization: BenchOrganization): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('INSERT INTO organizations (name, slug, timezone, handles) VALUES ($1, $2, $3, $4::jsonb)', [
    organization.name,
    organization.slug,
    organization.timezone,
    JSON.stringify(organization.handles),
  ]);
  await client.end();
}

async function* batchesOf(file: string, count: number, size: number): AsyncGenerator<unknown[]> {
  let batch: unknown[] = [];
  let read = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (read >= count) break;
    read += 1;
    batch.push(JSON.parse(line));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function throughHttp(databaseUrl: string, slug: string, file: string, count: number): Promise<{ rate: number; memory: number[] }> {
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, ADMIN_API_KEY: ADMIN_KEY });
  try {
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return body.data;
    };
    const organizationId = (await post('query ($slug: String) { organization(slug: $slug) { id } }', { slug })).organization.id;
    const memory = sampleMemory(server.child.pid!);
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    let accepted = 0;
    for await (const batch of batchesOf(file, count, HTTP_BATCH)) {
      const request = post('mutation ($org: ID!, $m: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $m) { accepted rejected } }', {
        org: organizationId,
        m: batch,
      }).then((data) => {
        if (data.ingestMentions.rejected > 0) throw new Error(`${data.ingestMentions.rejected} mentions rejected`);
        accepted += data.ingestMentions.accepted;
      });
      const tracked = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= HTTP_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - started) / 1000;
    return { rate: accepted / seconds, memory: memory.stop() };
  } finally {
    await server.stop();
  }
}

async function throughImport(databaseUrl: string, slug: string, file: string, count: number, work: string): Promise<number> {
  const sliced = path.join(work, `import-${count}.ndjson`);
  const out = createWriteStream(sliced);
  let written = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (written >= count) break;
    out.write(`${line}\n`);
    written += 1;
  }
  await new Promise((resolve) => out.end(resolve));
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--org', slug, '--file', sliced, '--restart'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 && / 0 rejected/.test(output) ? resolve() : reject(new Error(`import failed (${code}): ${output.slice(-800)}`))));
  });
  return count / ((performance.now() - started) / 1000);
}

/**
 * COPY of the very rows ingestion stored, into an empty table with the same columns, indexes and constraints:
 * once as LIKE … INCLUDING ALL makes it (no foreign keys), once with the foreign keys of `mentions` as well,
 * pointing at the organizations, incidents and authors copied over beforehand (untimed).
 */
async function throughCopy(sourceUrl: string, targetUrl: string, work: string): Promise<{ plain: number; withForeignKeys: number }> {
  const dump = path.join(work, 'mentions.copy');
  const source = new Client({ connectionString: sourceUrl });
  await source.connect();
  const rows = Number((await source.query('SELECT count(*) FROM mentions')).rows[0].count);
  await pipeline(source.query(copyTo('COPY mentions TO STDOUT')), createWriteStream(dump));
  const target = new Client({ connectionString: targetUrl });
  await target.connect();
  for (const table of ['organizations', 'incidents', 'influencers']) {
    const file = path.join(work, `${table}.copy`);
    await pipeline(source.query(copyTo(`COPY ${table} TO STDOUT`)), createWriteStream(file));
    await pipeline(createReadStream(file), target.query(copyFrom(`COPY ${table} FROM STDIN`)));
  }
  const foreignKeys: Array<{ definition: string }> = (
    await source.query(`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'mentions'::regclass AND contype = 'f'`)
  ).rows;
  await source.end();

  const timedCopy = async (table: string) => {
    const started = performance.now();
    await pipeline(createReadStream(dump), target.query(copyFrom(`COPY ${table} FROM STDIN`)));
    return rows / ((performance.now() - started) / 1000);
  };
  await target.query('CREATE TABLE scratch_mentions (LIKE mentions INCLUDING ALL)');
  const plain = await timedCopy('scratch_mentions');
  await target.query('DROP TABLE scratch_mentions');
  await target.query('CHECKPOINT').catch(() => undefined);
  await target.query('CREATE TABLE scratch_mentions (LIKE mentions INCLUDING ALL)');
  for (const { definition } of foreignKeys) await target.query(`ALTER TABLE scratch_mentions ADD ${definition}`);
  const withForeignKeys = await timedCopy('scratch_mentions');
  await target.end();
  return { plain, withForeignKeys };
}

/**
 * Waits (up to two minutes) for autovacuum to finish with the tables the previous path filled, then flushes
 * dirty pages (CHECKPOINT needs a superuser, as the benchmark's role is; elsewhere it is skipped).
 */
async function settle(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const busy = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname LIKE 'bench_ingest_%'");
    if (busy.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await client.query('CHECKPOINT').catch(() => undefined);
  await client.end();
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 / 104.858) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
