import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Alert } from '../entities/alert.entity';
import { alertCursor } from '../services/alerts.service';
import { selectsField } from './selects-field';
import { toConnection, type ConnectionShape } from './types/connection.type';
import { AlertConnection } from './types/connections.type';
import { PageArgs } from './types/page.args';

@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => AlertConnection, {
    description: "An organization's alerts in the order they were raised; pass a cursor as `after` to get only those raised since (or use latestFirst).",
  })
  async alerts(
    @Arg('organizationId', () => ID) organizationId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('latestFirst', () => Boolean, { defaultValue: false, description: 'Newest first (then `after` pages back in time).' }) latestFirst: boolean,
    @Ctx() { viewer, services }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Alert>> {
    return toConnection(await services.alerts.list(viewer, organizationId, page, latestFirst, selectsField(info, 'totalCount')));
  }

  @FieldResolver(() => String, { description: 'Position of this alert; pass it as alerts(after:) or alertRaised(since:) to get only later alerts.' })
  cursor(@Root() alert: Alert): string {
    return alertCursor(alert);
  }
}
