import type { Alert } from '../entities/alert.entity';
import type { LiveContext } from './live-context';

const REPLAY_PAGE = 500;

/**
 * The alerts after `since` read from the database, then the live `feed` (subscribed before the replay
 * began), skipping what the replay already gave: no gap and nothing twice across the switch.
 */
export function replayThenLive(
  feed: AsyncIterableIterator<Alert>,
  since: string | null,
  replay: (after: string, limit: number) => Promise<Alert[]>,
  live: Pick<LiveContext, 'refreshLoaders'>,
): AsyncIterableIterator<Alert> {
  let last = since;
  async function* stream(): AsyncGenerator<Alert> {
    if (last !== null) {
      for (;;) {
        const page = await replay(last, REPLAY_PAGE);
        for (const alert of page) {
          last = alert.sequence;
          yield alert;
        }
        if (page.length < REPLAY_PAGE) break;
      }
    }
    for await (const alert of feed) {
      if (last !== null && BigInt(alert.sequence) <= BigInt(last)) continue;
      last = alert.sequence;
      live.refreshLoaders();
      yield alert;
    }
  }
  const alerts = stream();
  return {
    next: () => alerts.next(),
    // closing the feed first ends the generator's pending wait, so its return() completes at once
    return: async () => {
      await feed.return!();
      return alerts.return(undefined);
    },
    throw: async (error: unknown) => {
      await feed.return!();
      return alerts.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
