import type { Logger } from 'pino';
import type { Change } from './change-bus';
import { Mailbox } from './mailbox';

/** A shared feed: every subscriber with the same arguments gets the same topic, computed once per tick. */
export interface TopicSpec<T> {
  key: string;
  organizationId: string;
  throttleMs: number;
  mode: 'latest' | 'queue';
  /** Whether a change concerns this topic (beyond being of its organization). */
  concerns(change: Change): boolean;
  /** What to deliver after these changes; called with none when the topic opens, for a first value. */
  produce(changes: Change[]): Promise<T[]>;
}

/**
 * What a topic delivers to: one subscriber's mailbox, or a fan-out group that stands for every subscriber
 * asking the same query (shared-execution.ts), so a tick costs one `put` per group, not per subscriber.
 */
export interface TopicMember<T> {
  put(item: T): void;
  /** The topic is going away (server shutdown): end the subscriptions. */
  close(): void;
  /** Subscribers this member stands for. */
  readonly subscribers: number;
  /** Items held back for congested subscribers. */
  readonly queued: number;
}

interface LiveTopic {
  spec: TopicSpec<unknown>;
  members: Set<TopicMember<unknown>>;
  pending: Change[];
  dirty: boolean;
  timer: NodeJS.Timeout | null;
  running: boolean;
  lastRun: number;
  latest: unknown[] | null;
}

export interface HubStats {
  topics: number;
  subscribers: number;
  /** Times a topic was recomputed (each is one round of database work for that topic). */
  computations: number;
  /** Items waiting for subscribers whose sockets are congested. */
  queued: number;
}

export const QUEUE_CAPACITY = 1_000;

/**
 * A topic handed back by a subscription resolver. The WebSocket transport joins it with a fan-out group
 * (pushing pre-serialized messages to the sockets); any other consumer iterates it, through a mailbox of
 * its own opened on the first `next()`.
 */
export class LiveFeed<T> implements AsyncIterableIterator<T> {
  private mailbox: Mailbox<T> | null = null;

  constructor(
    readonly hub: LiveHub,
    readonly spec: TopicSpec<T>,
    private readonly isCongested: () => boolean,
  ) {}

  next(): Promise<IteratorResult<T>> {
    return (this.mailbox ??= this.hub.subscribe(this.spec, this.isCongested)).next();
  }

  return(): Promise<IteratorResult<T>> {
    return this.mailbox ? this.mailbox.return() : Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    return this.mailbox ? this.mailbox.throw(error) : Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

export class LiveHub {
  private readonly topics = new Map<string, LiveTopic>();
  private readonly byOrganization = new Map<string, Set<LiveTopic>>();
  private computations = 0;
  /** Topics whose wait is over, started together in the next check phase. */
  private readonly due = new Set<LiveTopic>();
  private dueScheduled = false;

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  /** A feed of the topic for a resolver to return; nothing is opened until it is joined or iterated. */
  feed<T>(spec: TopicSpec<T>, isCongested: () => boolean = () => false): LiveFeed<T> {
    return new LiveFeed(this, spec, isCongested);
  }

  /** One subscriber's mailbox on the topic, iterated by its consumer. */
  subscribe<T>(spec: TopicSpec<T>, isCongested: () => boolean = () => false): Mailbox<T> {
    let leave: () => void = () => undefined;
    const mailbox = new Mailbox<T>(spec.mode, QUEUE_CAPACITY, isCongested, () => leave());
    leave = this.join(spec, mailbox);
    return mailbox;
  }

  /**
   * Adds a member to the topic of `spec` (opening the topic on first use); in 'latest' mode the member gets the
   * topic's current value at once. Returns the function that takes it out again (the last one out closes the topic).
   */
  join<T>(spec: TopicSpec<T>, member: TopicMember<T>): () => void {
    let topic = this.topics.get(spec.key);
    if (!topic) {
      topic = { spec: spec as TopicSpec<unknown>, members: new Set(), pending: [], dirty: true, timer: null, running: false, lastRun: 0, latest: null };
      this.topics.set(spec.key, topic);
      const organizationTopics = this.byOrganization.get(spec.organizationId) ?? new Set();
      organizationTopics.add(topic);
      this.byOrganization.set(spec.organizationId, organizationTopics);
      this.schedule(topic);
    }
    const owner = topic;
    const joined = member as TopicMember<unknown>;
    topic.members.add(joined);
    if (spec.mode === 'latest' && topic.latest) for (const item of topic.latest) member.put(item as T);
    return () => this.leave(owner, joined);
  }

  /**
   * A change from any instance: marks the organization's concerned topics for their next tick. Those whose
   * throttle has passed start now, together, so their producers can share the work (LiveFeeds sends the
   * windows of one scope as one statement); the others start when their throttle ends.
   */
  deliver(change: Change): void {
    const now = Date.now();
    const ready: LiveTopic[] = [];
    for (const topic of this.byOrganization.get(change.organizationId) ?? []) {
      if (!topic.spec.concerns(change)) continue;
      if (topic.spec.mode === 'queue') topic.pending.push(change);
      topic.dirty = true;
      if (!topic.timer && !topic.running && topic.lastRun + topic.spec.throttleMs <= now) ready.push(topic);
      else this.schedule(topic);
    }
    for (const topic of ready) void this.run(topic);
  }

  stats(): HubStats {
    let subscribers = 0;
    let queued = 0;
    for (const topic of this.topics.values()) {
      for (const member of topic.members) {
        subscribers += member.subscribers;
        queued += member.queued;
      }
    }
    return { topics: this.topics.size, subscribers, computations: this.computations, queued };
  }

  close(): void {
    for (const topic of [...this.topics.values()]) for (const member of [...topic.members]) member.close();
  }

  private schedule(topic: LiveTopic): void {
    if (topic.timer || topic.running) return;
    const wait = Math.max(0, topic.lastRun + topic.spec.throttleMs - Date.now());
    topic.timer = setTimeout(() => this.ready(topic), wait);
    topic.timer.unref();
  }

  /** Topics whose timers end in the same timers phase (opened together, or throttled since the same tick) start together. */
  private ready(topic: LiveTopic): void {
    this.due.add(topic);
    if (this.dueScheduled) return;
    this.dueScheduled = true;
    setImmediate(() => {
      this.dueScheduled = false;
      const due = [...this.due];
      this.due.clear();
      for (const each of due) void this.run(each);
    });
  }

  private async run(topic: LiveTopic): Promise<void> {
    topic.timer = null;
    if (!topic.dirty || topic.members.size === 0) return;
    topic.dirty = false;
    topic.running = true;
    topic.lastRun = Date.now();
    const changes = topic.pending.splice(0);
    try {
      this.computations += 1;
      const items = await topic.spec.produce(changes);
      if (topic.spec.mode === 'latest') topic.latest = items;
      for (const member of topic.members) for (const item of items) member.put(item);
    } catch (error) {
      this.logger.error({ err: error, topic: topic.spec.key }, 'a live topic failed to update; it retries on the next change');
    } finally {
      topic.running = false;
      if (topic.dirty) this.schedule(topic);
    }
  }

  private leave(topic: LiveTopic, member: TopicMember<unknown>): void {
    if (!topic.members.delete(member) || topic.members.size > 0) return;
    if (topic.timer) clearTimeout(topic.timer);
    this.due.delete(topic);
    this.topics.delete(topic.spec.key);
    this.byOrganization.get(topic.spec.organizationId)?.delete(topic);
  }
}
