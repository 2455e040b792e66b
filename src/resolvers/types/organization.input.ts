import { Field, ID, InputType } from 'type-graphql';
import { Platform } from '../../entities/enums';

@InputType()
export class SocialHandleInput {
  @Field(() => Platform)
  platform: Platform;

  @Field(() => String, { description: 'With or without a leading @.' })
  handle: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'Derived from the name when absent (with -2, -3… if taken).' })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone; default UTC.' })
  timezone?: string | null;

  @Field(() => [SocialHandleInput], { nullable: true })
  handles?: SocialHandleInput[] | null;

  @Field(() => [String], { nullable: true })
  keywords?: string[] | null;

  @Field(() => [ID], { nullable: true })
  competitorIds?: string[] | null;
}

@InputType({ description: 'Fields left out stay as they are; a list given replaces the stored list.' })
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => [SocialHandleInput], { nullable: true })
  handles?: SocialHandleInput[] | null;

  @Field(() => [String], { nullable: true })
  keywords?: string[] | null;

  @Field(() => [ID], { nullable: true })
  competitorIds?: string[] | null;
}
