import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Organization } from '../entities/organization.entity';
import { ViewerType } from './types/viewer.type';

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { description: 'The API key making the request: its name, scopes and organizations.' })
  async viewer(@Ctx() { viewer, loaders, services }: Context): Promise<ViewerType> {
    const organizations = viewer.isAdmin
      ? (await services.organizations.list(viewer, { first: services.organizations.largestPage }, false)).nodes
      : (await loaders.organization.loadMany([...viewer.organizationIds])).filter(
          (organization): organization is Organization => organization instanceof Organization,
        );
    return { id: viewer.keyId, name: viewer.name, isAdmin: viewer.isAdmin, scopes: [...viewer.scopes], organizations };
  }
}
