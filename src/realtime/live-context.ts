import type { LiveFeeds } from './live-feeds';
import type { LiveHub } from './live-hub';

/** A subscriber's WebSocket as the live layer uses it. */
export interface LiveSocket {
  /** Whether the socket still holds unsent data beyond its allowance (then deliveries to it hold back). */
  isCongested(): boolean;
  /** Whether messages can still be sent on it. */
  readonly isOpen: boolean;
  /** Sends one complete graphql-transport-ws message. */
  send(message: string): void;
  /** Sends one message made of these UTF-8 parts (parts shared by many messages are only read). */
  sendJoined(parts: readonly Buffer[]): void;
  /** Closes the socket with a graphql-ws close code. */
  close(code: number, reason: string): void;
}

/** What a subscription needs besides the request context: the shared topics and its socket. */
export interface LiveContext {
  hub: LiveHub;
  feeds: LiveFeeds;
  /** Default and bounds of the per-subscription throttle. */
  throttle: { defaultMs: number; minMs: number; maxMs: number };
  /** The graphql-ws id of this subscription, which every message pushed for it carries. */
  subscriptionId: string;
  socket: LiveSocket;
  /** Gives the context fresh DataLoaders, so a long subscription never serves or keeps stale rows. */
  refreshLoaders(): void;
}
