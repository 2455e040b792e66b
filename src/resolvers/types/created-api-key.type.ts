import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from '../../entities/api-key.entity';

@ObjectType()
export class CreatedApiKey {
  @Field(() => String, { description: 'The secret: shown this once, never again. Send it as "Authorization: Bearer <secret>".' })
  secret: string;

  @Field(() => ApiKey)
  apiKey: ApiKey;
}
