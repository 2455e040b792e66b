import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { ApiScope, IncidentStatus } from '../entities/enums';
import { Incident } from '../entities/incident.entity';
import type { Mention } from '../entities/mention.entity';
import { Organization } from '../entities/organization.entity';
import { ForbiddenError, NotFoundError } from '../errors/app-errors';
import { MentionOrder } from '../services/mentions.service';
import { requireId } from '../services/validation';
import { incidentConnection, mentionConnection } from './nested-connections';
import type { ConnectionShape } from './types/connection.type';
import { IncidentConnection, MentionConnection } from './types/connections.type';
import { CreateIncidentInput, UpdateIncidentInput } from './types/incident.input';
import { PageArgs } from './types/page.args';

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => Incident, { nullable: true, description: 'null when absent or not visible to this key.' })
  incident(@Arg('id', () => ID) id: string, @Ctx() { viewer, loaders }: Context): Promise<Incident | null> {
    viewer.requireScope(ApiScope.READ);
    return loaders.incident.load(requireId(id, 'id'));
  }

  @Query(() => IncidentConnection, { description: "An organization's incidents, newest first." })
  async incidents(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('status', () => IncidentStatus, { nullable: true }) status: IncidentStatus | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Incident>> {
    const { viewer, loaders } = context;
    const id = requireId(organizationId, 'organizationId');
    viewer.requireOrganization(id, ApiScope.READ);
    if (!(await loaders.organization.load(id))) throw new NotFoundError(`Organization ${id} does not exist.`);
    return incidentConnection(context, info, id, page, status);
  }

  @Mutation(() => Incident, { description: 'Needs MANAGE on the organization.' })
  createIncident(
    @Arg('input', () => CreateIncidentInput) input: CreateIncidentInput,
    @Ctx() { viewer, services }: Context,
  ): Promise<Incident> {
    return services.incidents.create(viewer, input);
  }

  @Mutation(() => Incident, { description: 'Needs MANAGE on the organization. Phase moves and resolution are validated.' })
  updateIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateIncidentInput) input: UpdateIncidentInput,
    @Ctx() { viewer, services, now }: Context,
  ): Promise<Incident> {
    return services.incidents.update(viewer, id, input, now());
  }

  @FieldResolver(() => Organization)
  async organization(@Root() incident: Incident, @Ctx() { loaders }: Context): Promise<Organization> {
    const organization = await loaders.organization.load(incident.organizationId);
    if (!organization) throw new ForbiddenError('The organization of this incident is not visible to this key.');
    return organization;
  }

  @FieldResolver(() => MentionConnection, { description: 'Mentions linked to this incident, newest first by default.' })
  async mentions(
    @Root() incident: Incident,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MentionOrder, { nullable: true, defaultValue: MentionOrder.POSTED_AT_DESC }) orderBy: MentionOrder | null,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Mention>> {
    return mentionConnection(context, info, 'incident_id', incident.id, page, orderBy);
  }
}
