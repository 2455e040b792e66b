import { Field, Float, ObjectType } from 'type-graphql';
import { Organization } from '../../entities/organization.entity';

@ObjectType({ description: "An organization's part of the conversation: value of the metric, and its share of the sum over the organizations asked for." })
export class ShareOfVoiceEntry {
  @Field(() => Organization)
  organization: Organization;

  @Field(() => Float)
  value: number;

  @Field(() => Float, { nullable: true, description: 'value / Σ values; the shares sum to 1. Null when every value is 0.' })
  share: number | null;
}
