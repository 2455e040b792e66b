import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import type { Incident } from '../entities/incident.entity';
import type { Mention } from '../entities/mention.entity';
import type { IncidentStatus } from '../entities/enums';
import { MentionOrder, type MentionFilterFields, type MentionParent } from '../services/mentions.service';
import { selectsField } from './selects-field';
import { toConnection, type ConnectionShape } from './types/connection.type';
import type { PageArgs } from './types/page.args';

/** A page of mentions under a parent, through the request's batching loader. */
export async function mentionConnection(
  { loaders }: Context,
  info: GraphQLResolveInfo,
  parent: MentionParent,
  parentId: string,
  page: PageArgs,
  orderBy: MentionOrder | null,
  filter: MentionFilterFields = {},
): Promise<ConnectionShape<Mention>> {
  return toConnection(
    await loaders.mentionPages.load({
      parent,
      parentId,
      filter,
      order: orderBy ?? MentionOrder.POSTED_AT_DESC,
      request: { first: page.first, after: page.after },
      withTotal: selectsField(info, 'totalCount'),
    }),
  );
}

/** A page of an organization's incidents, through the request's batching loader. */
export async function incidentConnection(
  { loaders }: Context,
  info: GraphQLResolveInfo,
  organizationId: string,
  page: PageArgs,
  status: IncidentStatus | null,
): Promise<ConnectionShape<Incident>> {
  return toConnection(
    await loaders.incidentPages.load({
      organizationId,
      filter: { status },
      request: { first: page.first, after: page.after },
      withTotal: selectsField(info, 'totalCount'),
    }),
  );
}
