import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { ApiScope, IncidentStatus } from '../entities/enums';
import { Organization } from '../entities/organization.entity';
import { BadInputError } from '../errors/app-errors';
import { MentionOrder } from '../services/mentions.service';
import { requireId } from '../services/validation';
import { incidentConnection, mentionConnection } from './nested-connections';
import { selectsField } from './selects-field';
import { toConnection, type ConnectionShape } from './types/connection.type';
import { IncidentConnection, MentionConnection, OrganizationConnection } from './types/connections.type';
import { MentionSubFilter } from './types/mention-filter.input';
import { CreateOrganizationInput, UpdateOrganizationInput } from './types/organization.input';
import { PageArgs } from './types/page.args';
import type { Incident } from '../entities/incident.entity';
import type { Mention } from '../entities/mention.entity';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: 'Organizations this key may see, by name.' })
  async organizations(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { viewer, services }: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Organization>> {
    return toConnection(await services.organizations.list(viewer, page, selectsField(info, 'totalCount')));
  }

  @Query(() => Organization, { nullable: true, description: 'By id or by slug (exactly one); null when absent or not visible.' })
  async organization(
    @Arg('id', () => ID, { nullable: true }) id: string | null,
    @Arg('slug', () => String, { nullable: true }) slug: string | null,
    @Ctx() { viewer, loaders, services }: Context,
  ): Promise<Organization | null> {
    if ((id ? 1 : 0) + (slug ? 1 : 0) !== 1) throw new BadInputError('id', 'give exactly one of id or slug.');
    if (slug) return services.organizations.bySlug(viewer, slug);
    viewer.requireScope(ApiScope.READ);
    return loaders.organization.load(requireId(id!, 'id'));
  }

  @Mutation(() => Organization, { description: 'Admin key only.' })
  createOrganization(
    @Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput,
    @Ctx() { viewer, services }: Context,
  ): Promise<Organization> {
    return services.organizations.create(viewer, input);
  }

  @Mutation(() => Organization, { description: 'Needs MANAGE on the organization.' })
  updateOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput,
    @Ctx() { viewer, services }: Context,
  ): Promise<Organization> {
    return services.organizations.update(viewer, id, input);
  }

  @FieldResolver(() => IncidentConnection, { description: 'Newest first.' })
  async incidents(
    @Root() organization: Organization,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => IncidentStatus, { nullable: true }) status: IncidentStatus | null,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Incident>> {
    return incidentConnection(context, info, organization.id, page, status);
  }

  @FieldResolver(() => MentionConnection)
  async mentions(
    @Root() organization: Organization,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MentionSubFilter, { nullable: true }) filter: MentionSubFilter | null,
    @Arg('orderBy', () => MentionOrder, { nullable: true, defaultValue: MentionOrder.POSTED_AT_DESC }) orderBy: MentionOrder | null,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Mention>> {
    return mentionConnection(context, info, 'organization_id', organization.id, page, orderBy, { ...filter });
  }
}
