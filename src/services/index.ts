import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { MentionIngestor, type IngestedBatch } from '../ingest/ingest-mentions';
import type { TextScorer } from '../ingest/text-scoring';
import { MetricRecorder } from '../ingest/record-metrics';
import { AnomalyService } from './analytics/anomaly.service';
import { DeltaService } from './analytics/delta.service';
import { KpiService } from './analytics/kpi.service';
import { AlertsService } from './alerts.service';
import { ApiKeysService } from './api-keys.service';
import { IncidentsService } from './incidents.service';
import { InfluencerImpactService } from './influencer-impact.service';
import { InfluencersService } from './influencers.service';
import { MentionsService } from './mentions.service';
import { OrganizationsService } from './organizations.service';
import { CONTRACT_LIMITS, type SizeLimits } from './limits';
import { TimezoneCatalog } from './timezones';

export interface Services {
  organizations: OrganizationsService;
  incidents: IncidentsService;
  mentions: MentionsService;
  influencers: InfluencersService;
  apiKeys: ApiKeysService;
  timezones: TimezoneCatalog;
  mentionIngestor: MentionIngestor;
  metricRecorder: MetricRecorder;
  kpis: KpiService;
  deltas: DeltaService;
  anomalies: AnomalyService;
  alerts: AlertsService;
  influencerImpact: InfluencerImpactService;
}

export interface ServicesOptions {
  /** Told of every committed ingestion call (live subscriptions, metrics). */
  onIngested?: (batch: IngestedBatch) => void;
  logger?: Logger;
  /** Told when incident edits re-link mentions. */
  onRelinked?: (organizationId: string, incidentIds: string[]) => void;
  limits?: SizeLimits;
  /** Where ingested texts are scored (default: the calling thread). */
  scorer?: TextScorer;
}

export function createServices(dataSource: DataSource, options: ServicesOptions = {}): Services {
  const { onIngested, logger, onRelinked, limits = CONTRACT_LIMITS, scorer } = options;
  const timezones = new TimezoneCatalog(dataSource);
  const organizations = new OrganizationsService(dataSource, timezones, limits);
  const incidents = new IncidentsService(dataSource, onRelinked, limits);
  const lookups = { organizations, incidents };
  return {
    timezones,
    organizations,
    incidents,
    kpis: new KpiService(dataSource, lookups, timezones),
    deltas: new DeltaService(dataSource, lookups),
    anomalies: new AnomalyService(dataSource, lookups, timezones),
    alerts: new AlertsService(dataSource, organizations, limits),
    influencerImpact: new InfluencerImpactService(dataSource, organizations, incidents, limits),
    mentions: new MentionsService(dataSource, limits),
    influencers: new InfluencersService(dataSource),
    apiKeys: new ApiKeysService(dataSource),
    mentionIngestor: new MentionIngestor(dataSource, { onCommitted: onIngested, logger: logger ?? null, maxBatch: limits.maxIngestBatch, scorer }),
    metricRecorder: new MetricRecorder(dataSource, limits.maxIngestBatch),
  };
}
