import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { MentionInput, MetricObservationInput } from './types/ingest.input';
import { IngestResult } from './types/ingest-result.type';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, {
    description:
      'Stores up to 5,000 mentions (INGEST scope). Each item is validated on its own: a bad one is listed in errors, the rest are stored. Sending a mention again updates it; a replayed call changes nothing.',
  })
  ingestMentions(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('mentions', () => [MentionInput]) mentions: MentionInput[],
    @Ctx() { viewer, services, now }: Context,
  ): Promise<IngestResult> {
    return services.mentionIngestor.ingest(viewer, organizationId, mentions, now());
  }

  @Mutation(() => IngestResult, { description: 'Stores up to 5,000 observations of KPIs not derived from mentions (INGEST scope).' })
  recordMetrics(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('observations', () => [MetricObservationInput]) observations: MetricObservationInput[],
    @Ctx() { viewer, services }: Context,
  ): Promise<IngestResult> {
    return services.metricRecorder.record(viewer, organizationId, observations);
  }
}
