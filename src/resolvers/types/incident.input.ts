import { Field, ID, InputType } from 'type-graphql';
import { CrisisType, IncidentPhase, IncidentStatus, Severity } from '../../entities/enums';

@InputType()
export class CreateIncidentInput {
  @Field(() => ID)
  organizationId: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Severity, { nullable: true, description: 'Default MEDIUM.' })
  severity?: Severity | null;

  @Field(() => CrisisType, { nullable: true, description: 'Default UNKNOWN.' })
  crisisType?: CrisisType | null;

  @Field(() => IncidentPhase, { nullable: true, description: 'Default RESPONSE.' })
  phase?: IncidentPhase | null;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  detectedAt?: Date | null;

  @Field(() => [String], { nullable: true })
  keywords?: string[] | null;
}

@InputType({
  description:
    'Fields left out stay as they are. Phases only move forward; status RESOLVED sets resolvedAt (now unless given) and phase RECOVERY; status OPEN on a resolved incident reopens it.',
})
export class UpdateIncidentInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Severity, { nullable: true })
  severity?: Severity | null;

  @Field(() => CrisisType, { nullable: true })
  crisisType?: CrisisType | null;

  @Field(() => IncidentPhase, { nullable: true })
  phase?: IncidentPhase | null;

  @Field(() => Date, { nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  detectedAt?: Date | null;

  @Field(() => [String], { nullable: true })
  keywords?: string[] | null;

  @Field(() => IncidentStatus, { nullable: true })
  status?: IncidentStatus | null;

  @Field(() => Date, { nullable: true })
  resolvedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set by hand; ingestion then leaves it alone. null clears it.' })
  firstResponseAt?: Date | null;
}
