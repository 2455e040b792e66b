import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import type { Pool, PoolClient } from 'pg';

/** What an ingestion commit changed, as every server instance hears of it. */
export interface Change {
  organizationId: string;
  incidentIds: string[];
  mentionIds: string[];
  alertIds: string[];
}

export interface ChangeBus {
  publish(change: Change): Promise<void>;
  /** Starts delivering every instance's changes (this one's included) to the listener. */
  start(listener: (change: Change) => void): Promise<void>;
  stop(): Promise<void>;
}

const CHANNEL = 'crisis_changes';
/** NOTIFY payloads must stay under 8,000 bytes: ids go out in chunks. */
const IDS_PER_MESSAGE = 150;

/** Splits a change so each piece fits one NOTIFY payload; the first piece always carries the organization. */
export function chunkChange(change: Change): Change[] {
  const pieces: Change[] = [];
  const ids = [...change.mentionIds.map((id) => ['m', id] as const), ...change.alertIds.map((id) => ['a', id] as const)];
  for (let offset = 0; offset === 0 || offset < ids.length; offset += IDS_PER_MESSAGE) {
    const slice = ids.slice(offset, offset + IDS_PER_MESSAGE);
    pieces.push({
      organizationId: change.organizationId,
      incidentIds: offset === 0 ? change.incidentIds : [],
      mentionIds: slice.filter(([kind]) => kind === 'm').map(([, id]) => id),
      alertIds: slice.filter(([kind]) => kind === 'a').map(([, id]) => id),
    });
  }
  return pieces;
}

/**
 * PostgreSQL LISTEN/NOTIFY: nothing extra to run. One pooled connection listens; notifications are sent
 * through the pool. A lost listening connection is re-established after a short pause.
 */
export class PgChangeBus implements ChangeBus {
  private client: PoolClient | null = null;
  private stopped = false;
  private listener: ((change: Change) => void) | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  async publish(change: Change): Promise<void> {
    for (const piece of chunkChange(change)) {
      await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(piece)]);
    }
  }

  async start(listener: (change: Change) => void): Promise<void> {
    this.listener = listener;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    if (client) {
      // a connection the database dropped may never answer: the client is destroyed rather than reused anyway
      await Promise.race([client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      client.release(true);
    }
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.listener?.(JSON.parse(message.payload) as Change);
      } catch (error) {
        this.logger.warn({ err: error }, 'ignored a malformed change notification');
      }
    });
    // a server shutting down sends an error and then closes the socket: pg emits 'error' for each, and
    // releasing the client twice throws inside pg's socket handler, which would end the process
    let lost = false;
    client.on('error', (error) => {
      // after stop() the client is back in the pool already (released there)
      if (lost || this.stopped) return;
      lost = true;
      this.logger.error({ err: error }, 'the change listener lost its connection; reconnecting');
      client.release(error);
      this.client = null;
      void this.reconnect();
    });
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped && !this.client) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (this.stopped) return;
      await this.connect().catch((error: unknown) => this.logger.warn({ err: error }, 'change listener reconnect failed; retrying'));
    }
  }
}

/** Redis pub/sub, for deployments that already run Redis (REDIS_URL): no payload limit, no database connection held. */
export class RedisChangeBus implements ChangeBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    url: string,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {
    // reconnects on its own; commands issued while disconnected wait in ioredis' offline queue
    this.publisher = new Redis(url, { lazyConnect: true });
    this.subscriber = new Redis(url, { lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error) => this.logger.warn({ err: error }, 'Redis change bus error'));
  }

  async publish(change: Change): Promise<void> {
    await this.publisher.publish(CHANNEL, JSON.stringify(change));
  }

  async start(listener: (change: Change) => void): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (channel, payload) => {
      if (channel !== CHANNEL) return;
      try {
        listener(JSON.parse(payload) as Change);
      } catch (error) {
        this.logger.warn({ err: error }, 'ignored a malformed change message');
      }
    });
    await this.subscriber.subscribe(CHANNEL);
  }

  async stop(): Promise<void> {
    await Promise.all([this.subscriber.quit(), this.publisher.quit()]).catch(() => undefined);
  }
}
