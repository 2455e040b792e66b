import { Arg, ID, Int, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../context';
import { Alert } from '../entities/alert.entity';
import { ApiScope, SentimentLabel } from '../entities/enums';
import { Mention } from '../entities/mention.entity';
import { BadInputError, ForbiddenError } from '../errors/app-errors';
import type { LiveContext } from '../realtime/live-context';
import { replayThenLive } from '../realtime/live-streams';
import { decodeAlertCursor } from '../services/alerts.service';
import { requireId } from '../services/validation';
import { SentimentUpdate, VolumeUpdate } from './types/live-update.type';

type Args = Record<string, unknown>;
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 30 * 24 * 3600;
const FORBIDDEN_CLOSE = 4403;

/** The checks every subscription starts with: a socket, READ on the organization (else the socket closes). */
function begin({ context, args }: { context: Context; args: Args }): { live: LiveContext; organizationId: string; incidentId: string | null; throttleMs: number } {
  const live = context.live;
  if (!live) throw new BadInputError('subscription', 'subscriptions are served over WebSocket (graphql-transport-ws) on /graphql.');
  const organizationId = requireId(String(args.organizationId), 'organizationId');
  if (!context.viewer.hasScope(ApiScope.READ) || !context.viewer.canSee(organizationId)) {
    live.socket.close(FORBIDDEN_CLOSE, 'Forbidden');
    throw new ForbiddenError(`This API key has no access to organization ${organizationId}.`);
  }
  const incidentId = args.incidentId == null ? null : requireId(String(args.incidentId), 'incidentId');
  const throttle = args.throttleMs == null ? live.throttle.defaultMs : Number(args.throttleMs);
  if (!Number.isInteger(throttle) || throttle < live.throttle.minMs || throttle > live.throttle.maxMs) {
    throw new BadInputError('throttleMs', `must be between ${live.throttle.minMs} and ${live.throttle.maxMs} milliseconds.`);
  }
  return { live, organizationId, incidentId, throttleMs: throttle };
}

function windowOf(args: Args): number {
  const seconds = Number(args.windowSeconds ?? 3600);
  if (!Number.isInteger(seconds) || seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
    throw new BadInputError('windowSeconds', `must be between ${MIN_WINDOW_SECONDS} and ${MAX_WINDOW_SECONDS} seconds.`);
  }
  return seconds;
}

/** Alerts after the cursor from the database, then live ones (the replay is the realtime layer's). */
function alertsSince(data: SubscribeResolverData<unknown, Args, Context>, args: Args): AsyncIterableIterator<Alert> {
  const { live, organizationId, throttleMs } = begin({ context: data.context, args });
  const since = decodeAlertCursor(args.since as string | null | undefined, 'since');
  // listening starts before the replay query, so an alert raised in between is in one or the other
  const feed = live.hub.subscribe(live.feeds.alerts(organizationId, throttleMs), () => live.socket.isCongested());
  return replayThenLive(feed, since, (after, limit) => data.context.services.alerts.since(organizationId, after, limit), live);
}

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => SentimentUpdate, {
    description:
      'Sentiment over the trailing window, pushed after ingestion commits on any instance: at most once per throttle interval per topic (subscribers with the same arguments share one), with the latest values. The first message comes at once.',
    subscribe: (data: SubscribeResolverData<unknown, Args, Context>) => {
      const { live, organizationId, incidentId, throttleMs } = begin({ context: data.context, args: data.args });
      const spec = live.feeds.sentiment({ organizationId, incidentId, windowSeconds: windowOf(data.args), throttleMs });
      return live.hub.feed(spec, () => live.socket.isCongested());
    },
  })
  sentimentChanged(
    @Root() update: SentimentUpdate,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('incidentId', () => ID, { nullable: true }) _incidentId: string | null,
    @Arg('windowSeconds', () => Int, { defaultValue: 3600, description: '60 s to 30 days.' }) _windowSeconds: number,
    @Arg('throttleMs', () => Int, { nullable: true, description: 'Least time between two messages; default 1,000, 250 to 60,000.' }) _throttleMs: number | null,
  ): SentimentUpdate {
    return update;
  }

  @Subscription(() => VolumeUpdate, {
    description: 'Volume over the trailing window and the window before it, pushed like sentimentChanged.',
    subscribe: (data: SubscribeResolverData<unknown, Args, Context>) => {
      const { live, organizationId, incidentId, throttleMs } = begin({ context: data.context, args: data.args });
      const spec = live.feeds.volume({ organizationId, incidentId, windowSeconds: windowOf(data.args), throttleMs });
      return live.hub.feed(spec, () => live.socket.isCongested());
    },
  })
  volumeChanged(
    @Root() update: VolumeUpdate,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('incidentId', () => ID, { nullable: true }) _incidentId: string | null,
    @Arg('windowSeconds', () => Int, { defaultValue: 3600, description: '60 s to 30 days.' }) _windowSeconds: number,
    @Arg('throttleMs', () => Int, { nullable: true, description: 'Least time between two messages; default 1,000, 250 to 60,000.' }) _throttleMs: number | null,
  ): VolumeUpdate {
    return update;
  }

  @Subscription(() => Alert, {
    description: 'Alerts as ingestion raises them. With `since` (an Alert cursor), the alerts raised after it are replayed first, with no gap and none twice.',
    subscribe: (data: SubscribeResolverData<unknown, Args, Context>) => alertsSince(data, data.args),
  })
  alertRaised(
    @Root() alert: Alert,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('since', () => String, { nullable: true }) _since: string | null,
    @Arg('throttleMs', () => Int, { nullable: true }) _throttleMs: number | null,
  ): Alert {
    return alert;
  }

  @Subscription(() => Mention, {
    description:
      'Each new mention (not updates) matching the filters, after its batch commits. A subscriber that falls more than 1,000 mentions behind loses the oldest.',
    subscribe: (data: SubscribeResolverData<unknown, Args, Context>) => {
      const { live, organizationId, incidentId, throttleMs } = begin({ context: data.context, args: data.args });
      const minReach = data.args.minReach == null ? null : Number(data.args.minReach);
      if (minReach !== null && (!Number.isInteger(minReach) || minReach < 0)) throw new BadInputError('minReach', 'must be a whole number ≥ 0.');
      const spec = live.feeds.mentions({ organizationId, incidentId, sentiment: (data.args.sentiment as string | null) ?? null, minReach }, throttleMs);
      return live.hub.feed(spec, () => live.socket.isCongested());
    },
  })
  mentionAdded(
    @Root() mention: Mention,
    @Arg('organizationId', () => ID) _organizationId: string,
    @Arg('incidentId', () => ID, { nullable: true }) _incidentId: string | null,
    @Arg('sentiment', () => SentimentLabel, { nullable: true }) _sentiment: SentimentLabel | null,
    @Arg('minReach', () => Int, { nullable: true }) _minReach: number | null,
    @Arg('throttleMs', () => Int, { nullable: true }) _throttleMs: number | null,
  ): Mention {
    return mention;
  }
}
