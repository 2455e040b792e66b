import { availableParallelism } from 'node:os';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters long').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  // longest wait for a pooled connection (all busy) or a new one (server slow to accept); then SERVICE_UNAVAILABLE
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  REDIS_URL: z.string().url('must be a redis:// URL').optional(),
  LIVE_THROTTLE_MS: z.coerce.number().int().min(250).max(60_000).default(1_000),
  LIVE_KEEPALIVE_MS: z.coerce.number().int().min(1_000).max(300_000).default(12_000),
  RUN_MIGRATIONS: booleanFromEnv.default(true),
  // request limits (SECURITY.md): each answered with QUERY_TOO_COMPLEX or RATE_LIMITED and a message naming the variable
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(1_000).default(15),
  MAX_ALIASES: z.coerce.number().int().min(0).max(10_000).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).max(10_000).default(50),
  MAX_QUERY_NODES: z.coerce.number().int().min(10).max(1_000_000).default(5_000),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(10_000_000).default(20_000),
  MAX_QUERY_COST: z.coerce.number().int().min(100).max(1_000_000_000).default(200_000),
  // the contract's own bounds (API.md) are the defaults and the ceilings: an operator may only lower them
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(500, 'at most 500, the page size API.md promises').default(500),
  MAX_INGEST_BATCH: z.coerce.number().int().min(1).max(5_000, 'at most 5,000, the batch size API.md promises').default(5_000),
  // worker threads that detect languages and score sentiment of ingested mentions (all cores but the main
  // thread's, at most four); 0 scores on the main thread
  SCORING_THREADS: z.coerce.number().int().min(0).max(64).default(Math.max(1, Math.min(4, availableParallelism() - 1))),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1_200),
  INTROSPECTION: booleanFromEnv.optional(),
  // lets Prometheus read GET /metrics without the admin key; a secret, sent as "Authorization: Bearer <token>"
  METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters long (a random secret; Prometheus sends it as "Authorization: Bearer <METRICS_TOKEN>")')
    .regex(/^\S+$/, 'must not contain spaces (it is sent as "Authorization: Bearer <METRICS_TOKEN>")')
    .optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Reads and validates the environment once; every other module receives the resulting object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
