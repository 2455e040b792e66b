import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { ApiScope } from '../entities/enums';
import { Incident } from '../entities/incident.entity';
import { Influencer } from '../entities/influencer.entity';
import { Mention } from '../entities/mention.entity';
import { Organization } from '../entities/organization.entity';
import { ForbiddenError } from '../errors/app-errors';
import { MentionOrder } from '../services/mentions.service';
import { requireId } from '../services/validation';
import { mentionConnection } from './nested-connections';
import type { ConnectionShape } from './types/connection.type';
import { MentionConnection } from './types/connections.type';
import { MentionFilter } from './types/mention-filter.input';
import { PageArgs } from './types/page.args';

@Resolver(() => Mention)
export class MentionResolver {
  @Query(() => MentionConnection, { description: "An organization's mentions, filtered and sorted, with keyset cursors." })
  async mentions(
    @Arg('filter', () => MentionFilter) filter: MentionFilter,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MentionOrder, { nullable: true, defaultValue: MentionOrder.POSTED_AT_DESC }) orderBy: MentionOrder | null,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Mention>> {
    const { viewer } = context;
    const organizationId = requireId(filter.organizationId, 'filter.organizationId');
    viewer.requireOrganization(organizationId, ApiScope.READ);
    const { organizationId: _omit, ...rest } = filter;
    return mentionConnection(context, info, 'organization_id', organizationId, page, orderBy, rest);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() mention: Mention, @Ctx() { loaders }: Context): Promise<Organization> {
    const organization = await loaders.organization.load(mention.organizationId);
    if (!organization) throw new ForbiddenError('The organization of this mention is not visible to this key.');
    return organization;
  }

  @FieldResolver(() => Incident, { nullable: true })
  incident(@Root() mention: Mention, @Ctx() { loaders }: Context): Promise<Incident | null> | null {
    return mention.incidentId ? loaders.incident.load(mention.incidentId) : null;
  }

  @FieldResolver(() => Influencer)
  async author(@Root() mention: Mention, @Ctx() { loaders }: Context): Promise<Influencer> {
    const author = await loaders.influencer.load(mention.authorId);
    if (!author) throw new ForbiddenError('The author of this mention is not visible to this key.');
    return author;
  }

  @FieldResolver(() => Mention, { nullable: true, description: 'The mention this one replies to, once it has been ingested.' })
  inReplyTo(@Root() mention: Mention, @Ctx() { loaders }: Context): Promise<Mention | null> | null {
    if (!mention.inReplyToExternalId) return null;
    return loaders.mentionByExternalId.load({
      organizationId: mention.organizationId,
      platform: mention.platform,
      externalId: mention.inReplyToExternalId,
    });
  }

  @FieldResolver(() => Mention, { nullable: true, description: 'The mention this one reshares, once it has been ingested.' })
  sharedFrom(@Root() mention: Mention, @Ctx() { loaders }: Context): Promise<Mention | null> | null {
    if (!mention.sharedFromExternalId) return null;
    return loaders.mentionByExternalId.load({
      organizationId: mention.organizationId,
      platform: mention.platform,
      externalId: mention.sharedFromExternalId,
    });
  }
}
