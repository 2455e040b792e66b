import { HeaderMap } from '@apollo/server';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { runWithDatabaseScope } from '../db/tenant-session';
import { AppError } from '../errors/app-errors';
import { ErrorCode } from '../errors/error-code';

export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
    // Apollo copies these into the HTTP response: 429 with Retry-After
    this.extensions.http = { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
  }
}

export interface RateLimitOptions {
  /** Requests per key (or per client address, for requests without a valid key) per minute; 0 turns limits off. */
  perMinute: number;
  /** PostgreSQL shares the counts between instances by default (table rate_limits)… */
  pool: Pool;
  /** …or Redis, when the deployment has one (REDIS_URL). */
  redis?: Redis;
}

/**
 * Fixed one-minute windows per key, counted in the shared store so every instance enforces one budget. If
 * the store cannot answer, an in-memory limiter with the same budget decides, so an outage of the store
 * slows nothing down and never turns into errors.
 */
export class RequestRateLimiter {
  private readonly limiter: RateLimiterAbstract | null;

  constructor(private readonly options: RateLimitOptions) {
    if (options.perMinute <= 0) {
      this.limiter = null;
      return;
    }
    const common = { points: options.perMinute, duration: 60, insuranceLimiter: new RateLimiterMemory({ points: options.perMinute, duration: 60 }) };
    this.limiter = options.redis
      ? new RateLimiterRedis({ ...common, storeClient: options.redis, keyPrefix: 'crisis-rl' })
      : // the table comes from a migration; expired windows are deleted every few minutes
        new RateLimiterPostgres({ ...common, storeClient: options.pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: true });
  }

  /** Counts one request against `key`; throws RATE_LIMITED (HTTP 429, Retry-After) once the minute's budget is spent. */
  async consume(key: string, who: string): Promise<void> {
    if (!this.limiter) return;
    try {
      // rate_limits has no tenant wall (see runWithDatabaseScope)
      await runWithDatabaseScope({ kind: 'unwalled' }, () => this.limiter!.consume(key));
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      const retryAfterSeconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      throw new RateLimitedError(
        `Too many requests from ${who}: at most ${this.options.perMinute} a minute (RATE_LIMIT_PER_MINUTE). Retry after ${retryAfterSeconds} s.`,
        retryAfterSeconds,
      );
    }
  }
}
