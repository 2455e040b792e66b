import { Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Organization } from '../entities/organization.entity';
import { ViewerType } from './types/viewer.type';

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { description: 'The API key making the request: its name, scopes and organizations.' })
  viewer(@Ctx() { viewer }: Context): ViewerType {
    return { id: viewer.keyId, name: viewer.name, isAdmin: viewer.isAdmin, scopes: [...viewer.scopes] };
  }

  // read only when asked for: a request that only checks its key reads no organization
  @FieldResolver(() => [Organization], { description: 'Organizations this key may see (every organization for the admin key).' })
  async organizations(@Ctx() { viewer, loaders, services }: Context): Promise<Organization[]> {
    if (viewer.isAdmin) return (await services.organizations.list(viewer, { first: services.organizations.largestPage }, false)).nodes;
    const organizations = await loaders.organization.loadMany([...viewer.organizationIds]);
    return organizations.filter((organization): organization is Organization => organization instanceof Organization);
  }
}
