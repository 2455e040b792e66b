import { Alert, AlertEpisode } from './alert.entity';
import { ApiKey } from './api-key.entity';
import { Incident } from './incident.entity';
import { Influencer } from './influencer.entity';
import { MentionAuthorRollup, MentionDayPlatformRollup, MentionDayRollup, MentionHourRollup, MentionRollup, MentionSlotTotal } from './mention-rollup.entity';
import { Mention } from './mention.entity';
import { MetricObservation } from './metric-observation.entity';
import { OrganizationInfluencer } from './organization-influencer.entity';
import { Organization } from './organization.entity';

export const entities = [Organization, Incident, Influencer, OrganizationInfluencer, Mention, MentionRollup, MentionHourRollup, MentionDayRollup, MentionDayPlatformRollup, MentionSlotTotal, MentionAuthorRollup, ApiKey, MetricObservation, Alert, AlertEpisode];
