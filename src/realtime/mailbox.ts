import type { TopicMember } from './live-hub';

/**
 * What one subscriber has not received yet, bounded: 'latest' keeps only the newest value (a dashboard wants
 * the current figures, not the history it missed), 'queue' keeps up to `capacity` items and drops the oldest.
 * While the subscriber's socket is congested the mailbox holds back, so a client that stops reading costs
 * at most one mailbox, never a growing send buffer.
 */
export class Mailbox<T> implements AsyncIterableIterator<T>, TopicMember<T> {
  readonly subscribers = 1;

  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(
    private readonly mode: 'latest' | 'queue',
    private readonly capacity: number,
    private readonly isCongested: () => boolean,
    private readonly onClose: () => void,
  ) {}

  put(item: T): void {
    if (this.closed) return;
    if (this.mode === 'latest') this.items.splice(0, this.items.length, item);
    else {
      this.items.push(item);
      if (this.items.length > this.capacity) this.items.shift();
    }
    this.flush();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  get queued(): number {
    return this.items.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.items.length = 0;
    this.waiting?.({ done: true, value: undefined });
    this.waiting = null;
    this.onClose();
  }

  private flush(): void {
    if (!this.waiting || this.items.length === 0) return;
    if (this.isCongested()) {
      // the socket has not drained: look again shortly, keeping only what the mode allows meanwhile
      setTimeout(() => this.flush(), 50).unref();
      return;
    }
    const resolve = this.waiting;
    this.waiting = null;
    resolve({ done: false, value: this.items.shift()! });
  }
}
