import { Field, ID, ObjectType } from 'type-graphql';
import { ApiScope } from '../../entities/enums';

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
}
