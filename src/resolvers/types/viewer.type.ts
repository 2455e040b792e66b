import { Field, ID, ObjectType } from 'type-graphql';
import { ApiScope } from '../../entities/enums';
import { Organization } from '../../entities/organization.entity';

@ObjectType('Viewer', { description: 'The API key making the request.' })
export class ViewerType {
  @Field(() => ID, { description: 'The key id ("admin" for the configured admin key).' })
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  isAdmin: boolean;

  @Field(() => [ApiScope])
  scopes: ApiScope[];

  @Field(() => [Organization], { description: 'Organizations this key may see (every organization for the admin key).' })
  organizations: Organization[];
}
