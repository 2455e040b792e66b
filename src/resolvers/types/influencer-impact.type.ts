import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Influencer } from '../../entities/influencer.entity';
import { Mention } from '../../entities/mention.entity';

@ObjectType({ description: "What one author's audience mentions in the chosen set add up to (owned posts excluded)." })
export class InfluencerImpact {
  influencerId: string;

  @Field(() => Influencer)
  influencer?: Influencer;

  @Field(() => Int)
  mentions: number;

  @Field(() => Float)
  reach: number;

  @Field(() => Float)
  engagement: number;

  @Field(() => Float)
  averageSentiment: number;

  @Field(() => Float, { description: 'Reach of the POSITIVE mentions.' })
  positiveReach: number;

  @Field(() => Float, { description: 'Reach of the NEGATIVE mentions.' })
  negativeReach: number;

  @Field(() => Float, { nullable: true, description: "This author's reach / the reach of all chosen mentions; null when that is 0." })
  shareOfReach: number | null;
}

@ObjectType({ description: 'The reshare/reply cascade below a mention (sharedFrom and inReplyTo links, same organization and platform).' })
export class Cascade {
  rootId: string;

  @Field(() => Mention)
  root?: Mention;

  @Field(() => Int, { description: 'Mentions in the cascade, the root included.' })
  size: number;

  @Field(() => Int, { description: 'Longest chain of reshares/replies below the root (0: nobody reshared or replied).' })
  depth: number;

  @Field(() => [InfluencerImpact], { description: "Authors of the audience mentions below the root, by reach (the organization's own replies excluded)." })
  amplifiers: InfluencerImpact[];
}
