import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Context } from '../context';
import type { LiveSocket } from './live-context';
import { LiveFeed, QUEUE_CAPACITY, type TopicMember } from './live-hub';

type OperationResult = Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;

export interface SharedSubscribeOptions {
  /** Subscribers whose keys see the same organizations see the same data. */
  accessKey(context: Context): string;
  /** Makes contexts for shared executions: the subscriber's viewer, loaders of their own, no socket. */
  executionContexts(context: Context): () => Context;
  logger: Pick<Logger, 'error'>;
}

/** Between two attempts to send to a congested socket. */
const RETRY_MS = 50;
/** What closes a `next` message after its payload. */
const CLOSE = Buffer.from('}');
/** Socket writes between two looks at the event loop's other work… */
const SENDS_PER_TURN = 256;
/** …unless more than this many wait: then all of them go at once, so the queue stays bounded whatever the load. */
const MAX_WAITING_SENDS = 100_000;

/**
 * graphql-ws' `subscribe`, sharing the work of a fan-out. Subscribers asking the same document with the same
 * variables under the same access get the result of a single execution of each event.
 *
 * A live topic (a `LiveFeed` from the resolver) goes further: its subscribers join one fan-out group per
 * distinct query, which executes, JSON-serializes and UTF-8-encodes each event once and writes the finished
 * `next` message (the subscription's encoded prefix, the shared payload, `}`) straight to each socket as one
 * frame. graphql-ws still owns the protocol around it (connection_init, subscribe, complete, errors); it gets
 * an iterator that yields nothing and ends when the subscription does. So a message costs each subscriber a
 * copy of a few hundred bytes and one socket write, not a promise chain, an execution and a JSON.stringify.
 *
 * Other streams (alert replay) are iterated per subscriber as graphql-ws does, executions still shared.
 */
export function sharedSubscribe(options: SharedSubscribeOptions): (args: ExecutionArgs) => OperationResult {
  const groups = new Map<string, FanoutGroup>();
  const sends = new SendQueue();
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const context = args.contextValue as Context;
    const key = `${options.accessKey(context)}\u0000${args.operationName ?? ''}\u0000${args.document.loc?.source.body ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;

    if (source instanceof LiveFeed && context.live) {
      const groupKey = `${source.spec.key}\u0000${key}`;
      let group = groups.get(groupKey);
      if (!group) {
        group = new FanoutGroup(source.spec.mode, args, options.executionContexts(context), sends, options.logger);
        groups.set(groupKey, group);
        const leave = source.hub.join(source.spec, group);
        group.onEmpty = () => {
          groups.delete(groupKey);
          leave();
        };
      }
      return group.add(context.live.socket, context.live.subscriptionId);
    }

    const run = (event: unknown): Promise<ExecutionResult> => {
      const once = () => Promise.resolve(execute({ ...args, rootValue: event }));
      if (typeof event !== 'object' || event === null) return once();
      let byQuery = results.get(event);
      if (!byQuery) results.set(event, (byQuery = new Map()));
      let result = byQuery.get(key);
      if (!result) byQuery.set(key, (result = once()));
      return result;
    };
    return mapAsyncIterable(source, run);
  };
}

/** What a shared execution needs of the first subscriber's arguments (not its context: that stays its own). */
interface QueryOf {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: ExecutionArgs['operationName'];
  variableValues: ExecutionArgs['variableValues'];
  fieldResolver: ExecutionArgs['fieldResolver'];
  typeResolver: ExecutionArgs['typeResolver'];
}

/** Every subscriber of one topic asking the same query under the same access: one member of the topic. */
class FanoutGroup implements TopicMember<unknown> {
  readonly recipients = new Set<Recipient>();
  private readonly query: QueryOf;
  /** The last message payload ('latest' mode), for subscribers who join between ticks. */
  private latest: Buffer | null = null;
  /** Payloads still being executed, delivered in the order their events came. */
  private tail: Promise<void> | null = null;
  /** One context (and so one set of loaders) for the events of one tick, dropped after it. */
  private context: Context | null = null;
  /** Called when the last subscriber has left (the group leaves its topic). */
  onEmpty: () => void = () => undefined;

  constructor(
    readonly mode: 'latest' | 'queue',
    args: ExecutionArgs,
    private readonly makeContext: () => Context,
    private readonly sends: SendQueue,
    private readonly logger: Pick<Logger, 'error'>,
  ) {
    const { schema, document, operationName, variableValues, fieldResolver, typeResolver } = args;
    this.query = { schema, document, operationName, variableValues, fieldResolver, typeResolver };
  }

  get subscribers(): number {
    return this.recipients.size;
  }

  get queued(): number {
    let queued = 0;
    for (const recipient of this.recipients) queued += recipient.queued;
    return queued;
  }

  add(socket: LiveSocket, id: string): Recipient {
    const recipient = new Recipient(this, socket, Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`));
    this.recipients.add(recipient);
    if (this.latest !== null) recipient.offer(this.latest);
    return recipient;
  }

  remove(recipient: Recipient): void {
    if (this.recipients.delete(recipient) && this.recipients.size === 0) this.onEmpty();
  }

  put(item: unknown): void {
    let payload: string | Promise<string>;
    try {
      payload = this.render(item);
    } catch (error) {
      payload = Promise.reject(error);
    }
    if (typeof payload === 'string' && this.tail === null) {
      this.deliver(payload);
      return;
    }
    const previous = this.tail;
    const tail = (async () => {
      await previous;
      let text: string;
      try {
        text = await payload;
      } catch (error) {
        this.fail(error);
        return;
      }
      this.deliver(text);
    })();
    this.tail = tail;
    void tail.finally(() => {
      if (this.tail === tail) this.tail = null;
    });
  }

  close(): void {
    for (const recipient of [...this.recipients]) recipient.end();
  }

  private render(item: unknown): string | Promise<string> {
    const result = execute({ ...this.query, contextValue: this.tickContext(), rootValue: item });
    return isPromise(result) ? result.then(serialize) : serialize(result);
  }

  private tickContext(): Context {
    if (!this.context) {
      this.context = this.makeContext();
      setImmediate(() => (this.context = null));
    }
    return this.context;
  }

  private deliver(text: string): void {
    // encoded once: each subscriber's message is its own prefix, this and CLOSE, framed in one write
    const payload = Buffer.from(text);
    if (this.mode === 'latest') this.latest = payload;
    this.sends.add(this, [...this.recipients], payload);
  }

  /** Whether a newer payload has replaced this one ('latest' mode): its remaining sends are skipped for the newer. */
  superseded(payload: Buffer): boolean {
    return this.mode === 'latest' && this.latest !== payload;
  }

  /** An execution threw (not a field error, which is part of the result): the subscriptions end with it, as in graphql-ws. */
  private fail(error: unknown): void {
    this.logger.error({ err: error }, 'a shared live execution failed; its subscriptions end with an error');
    const failure = error instanceof Error ? error : new Error(String(error));
    for (const recipient of [...this.recipients]) recipient.fail(failure);
  }
}

/** The payload of a `next` message, as graphql-ws writes it. */
function serialize(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
}

/**
 * The sends of every fan-out, oldest first, written SENDS_PER_TURN at a time with the event loop's other work in
 * between: a burst reaching thousands of sockets would otherwise hold the loop for a long stretch per topic,
 * while the database replies that the next topics' values and the ingestion they follow wait unread.
 */
class SendQueue {
  private readonly jobs: Array<{ group: FanoutGroup; recipients: Recipient[]; next: number; payload: Buffer }> = [];
  private waiting = 0;
  private scheduled = false;

  add(group: FanoutGroup, recipients: Recipient[], payload: Buffer): void {
    this.jobs.push({ group, recipients, next: 0, payload });
    this.waiting += recipients.length;
    if (this.waiting > MAX_WAITING_SENDS) this.pump();
    else this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    let budget = this.waiting > MAX_WAITING_SENDS ? this.waiting : SENDS_PER_TURN;
    while (budget > 0 && this.jobs.length > 0) {
      const job = this.jobs[0]!;
      const from = job.next;
      if (job.group.superseded(job.payload)) job.next = job.recipients.length;
      for (; budget > 0 && job.next < job.recipients.length; budget -= 1) job.recipients[job.next++]!.offer(job.payload);
      this.waiting -= job.next - from;
      if (job.next === job.recipients.length) this.jobs.shift();
    }
    if (this.jobs.length > 0) this.schedule();
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}

/**
 * One subscription of a fan-out group, and the iterator graphql-ws holds for it: `next()` yields nothing and
 * settles when the subscription ends (`return()` on complete or close; a failure rejects it). Messages go to
 * the socket directly, the first ones only once graphql-ws has started listening. While the socket has unsent
 * data the subscriber holds back — the latest payload, or up to QUEUE_CAPACITY in 'queue' mode — and sends
 * when it drains, so a client that stops reading never grows the server's send buffer.
 */
class Recipient implements AsyncIterableIterator<never> {
  /** Payloads not sent yet (shared with the group's other subscribers): the latest one, or the oldest first in 'queue' mode. */
  private held: Buffer[] | null = null;
  private listening = false;
  private ended = false;
  private retry: NodeJS.Timeout | null = null;
  private settle: { resolve(result: IteratorResult<never>): void; reject(error: Error): void } | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly group: FanoutGroup,
    private readonly socket: LiveSocket,
    /** `{"id":"…","type":"next","payload":` */
    private readonly prefix: Buffer,
  ) {}

  get queued(): number {
    return this.held?.length ?? 0;
  }

  offer(payload: Buffer): void {
    if (this.ended || !this.socket.isOpen) return;
    if (this.held === null && this.listening && !this.socket.isCongested()) {
      this.socket.sendJoined([this.prefix, payload, CLOSE]);
      return;
    }
    if (this.held === null || this.group.mode === 'latest') this.held = [payload];
    else if (this.held.push(payload) > QUEUE_CAPACITY) this.held.shift();
    this.later();
  }

  next(): Promise<IteratorResult<never>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      if (!this.listening) {
        this.listening = true;
        this.flush();
      }
    });
  }

  return(): Promise<IteratorResult<never>> {
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<never>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }

  end(): void {
    if (!this.stop()) return;
    this.settle?.resolve({ done: true, value: undefined });
    this.settle = null;
  }

  fail(error: Error): void {
    if (!this.stop()) return;
    if (this.settle) this.settle.reject(error);
    else this.failure = error;
    this.settle = null;
  }

  private stop(): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.held = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.group.remove(this);
    return true;
  }

  private later(): void {
    if (this.listening && !this.retry && !this.ended) {
      this.retry = setTimeout(() => this.flush(), RETRY_MS);
      this.retry.unref();
    }
  }

  private flush(): void {
    this.retry = null;
    while (this.held !== null && !this.ended) {
      if (!this.socket.isOpen) {
        this.held = null;
        return;
      }
      if (this.socket.isCongested()) {
        this.later();
        return;
      }
      const payload = this.held.shift()!;
      if (this.held.length === 0) this.held = null;
      this.socket.sendJoined([this.prefix, payload, CLOSE]);
    }
  }
}

function mapAsyncIterable<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
