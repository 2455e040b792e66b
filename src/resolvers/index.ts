import { ApiKeyResolver } from './api-key.resolver';
import { IncidentResolver } from './incident.resolver';
import { IngestResolver } from './ingest.resolver';
import { InfluencerResolver } from './influencer.resolver';
import { MentionResolver } from './mention.resolver';
import { OrganizationResolver } from './organization.resolver';
import { ViewerResolver } from './viewer.resolver';

export const resolvers = [
  ViewerResolver,
  OrganizationResolver,
  IncidentResolver,
  MentionResolver,
  InfluencerResolver,
  ApiKeyResolver,
  IngestResolver,
] as const;
