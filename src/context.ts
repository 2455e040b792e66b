import type { Viewer } from './auth/viewer';
import type { LiveContext } from './realtime/live-context';
import type { Loaders } from './loaders/create-loaders';
import type { Services } from './services';

export interface Context {
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  services: Services;
  /** The clock, injected so resolvers never read the time on their own. */
  now: () => Date;
  /** Per-request facts the HTTP layer logs after the response (the operation name). */
  http: { operationName?: string };
  /** Set for operations over the WebSocket. */
  live?: LiveContext;
}
