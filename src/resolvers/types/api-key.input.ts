import { Field, ID, InputType } from 'type-graphql';
import { ApiScope } from '../../entities/enums';

@InputType()
export class CreateApiKeyInput {
  @Field(() => String)
  name: string;

  @Field(() => [ID])
  organizationIds: string[];

  @Field(() => [ApiScope])
  scopes: ApiScope[];
}
