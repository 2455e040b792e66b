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

interface LiveTopic {
  spec: TopicSpec<unknown>;
  mailboxes: Set<Mailbox<unknown>>;
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
  /** Items waiting in subscribers' mailboxes. */
  queued: number;
}

const QUEUE_CAPACITY = 1_000;

export class LiveHub {
  private readonly topics = new Map<string, LiveTopic>();
  private readonly byOrganization = new Map<string, Set<LiveTopic>>();
  private computations = 0;

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  subscribe<T>(spec: TopicSpec<T>, isCongested: () => boolean = () => false): AsyncIterableIterator<T> {
    let topic = this.topics.get(spec.key);
    if (!topic) {
      topic = { spec: spec as TopicSpec<unknown>, mailboxes: new Set(), pending: [], dirty: true, timer: null, running: false, lastRun: 0, latest: null };
      this.topics.set(spec.key, topic);
      const organizationTopics = this.byOrganization.get(spec.organizationId) ?? new Set();
      organizationTopics.add(topic);
      this.byOrganization.set(spec.organizationId, organizationTopics);
      this.schedule(topic);
    }
    const owner = topic;
    const mailbox = new Mailbox<unknown>(spec.mode, QUEUE_CAPACITY, isCongested, () => this.leave(owner, mailbox));
    topic.mailboxes.add(mailbox);
    if (spec.mode === 'latest' && topic.latest) for (const item of topic.latest) mailbox.put(item);
    return mailbox as unknown as AsyncIterableIterator<T>;
  }

  /** A change from any instance: marks the organization's concerned topics for their next tick. */
  deliver(change: Change): void {
    for (const topic of this.byOrganization.get(change.organizationId) ?? []) {
      if (!topic.spec.concerns(change)) continue;
      if (topic.spec.mode === 'queue') topic.pending.push(change);
      topic.dirty = true;
      this.schedule(topic);
    }
  }

  stats(): HubStats {
    let subscribers = 0;
    let queued = 0;
    for (const topic of this.topics.values()) {
      subscribers += topic.mailboxes.size;
      for (const mailbox of topic.mailboxes) queued += mailbox.size;
    }
    return { topics: this.topics.size, subscribers, computations: this.computations, queued };
  }

  close(): void {
    for (const topic of [...this.topics.values()]) for (const mailbox of [...topic.mailboxes]) mailbox.close();
  }

  private schedule(topic: LiveTopic): void {
    if (topic.timer || topic.running) return;
    const wait = Math.max(0, topic.lastRun + topic.spec.throttleMs - Date.now());
    topic.timer = setTimeout(() => void this.run(topic), wait);
    topic.timer.unref();
  }

  private async run(topic: LiveTopic): Promise<void> {
    topic.timer = null;
    if (!topic.dirty || topic.mailboxes.size === 0) return;
    topic.dirty = false;
    topic.running = true;
    topic.lastRun = Date.now();
    const changes = topic.pending.splice(0);
    try {
      this.computations += 1;
      const items = await topic.spec.produce(changes);
      if (topic.spec.mode === 'latest') topic.latest = items;
      for (const mailbox of topic.mailboxes) for (const item of items) mailbox.put(item);
    } catch (error) {
      this.logger.error({ err: error, topic: topic.spec.key }, 'a live topic failed to update; it retries on the next change');
    } finally {
      topic.running = false;
      if (topic.dirty) this.schedule(topic);
    }
  }

  private leave(topic: LiveTopic, mailbox: Mailbox<unknown>): void {
    topic.mailboxes.delete(mailbox);
    if (topic.mailboxes.size > 0) return;
    if (topic.timer) clearTimeout(topic.timer);
    this.topics.delete(topic.spec.key);
    this.byOrganization.get(topic.spec.organizationId)?.delete(topic);
  }
}
