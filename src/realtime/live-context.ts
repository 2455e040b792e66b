import type { LiveFeeds } from './live-feeds';
import type { LiveHub } from './live-hub';

/** What a subscription needs besides the request context: the shared topics and its socket's state. */
export interface LiveContext {
  hub: LiveHub;
  feeds: LiveFeeds;
  /** Default and bounds of the per-subscription throttle. */
  throttle: { defaultMs: number; minMs: number; maxMs: number };
  /** Whether the subscriber's socket still holds unsent data (then its mailbox holds back). */
  isCongested(): boolean;
  /** Closes the socket with a graphql-ws close code. */
  close(code: number, reason: string): void;
  /** Gives the context fresh DataLoaders, so a long subscription never serves or keeps stale rows. */
  refreshLoaders(): void;
}
