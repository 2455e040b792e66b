import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { CreateApiKeyInput } from './types/api-key.input';
import { CreatedApiKey } from './types/created-api-key.type';

@Resolver()
export class ApiKeyResolver {
  @Mutation(() => CreatedApiKey, {
    description: 'Admin key, or a MANAGE key for its own organizations and at most its own scopes. The secret is returned once.',
  })
  createApiKey(
    @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() { viewer, services }: Context,
  ): Promise<CreatedApiKey> {
    return services.apiKeys.create(viewer, input);
  }

  @Mutation(() => Boolean, { description: 'Stops the key at once. false when it was already revoked.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() { viewer, services }: Context): Promise<boolean> {
    return services.apiKeys.revoke(viewer, id);
  }
}
