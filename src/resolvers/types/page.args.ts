import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size: default 50, at most 500.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts (pageInfo.endCursor).' })
  after?: string | null;
}
