import { registerEnumType } from 'type-graphql';

export enum Platform {
  TWITTER = 'TWITTER',
  FACEBOOK = 'FACEBOOK',
  INSTAGRAM = 'INSTAGRAM',
  LINKEDIN = 'LINKEDIN',
  YOUTUBE = 'YOUTUBE',
  TIKTOK = 'TIKTOK',
  REDDIT = 'REDDIT',
  NEWS = 'NEWS',
  BLOG = 'BLOG',
  FORUM = 'FORUM',
  OTHER = 'OTHER',
}

export enum SentimentLabel {
  POSITIVE = 'POSITIVE',
  NEUTRAL = 'NEUTRAL',
  NEGATIVE = 'NEGATIVE',
}

export enum SentimentSource {
  PROVIDED = 'PROVIDED',
  COMPUTED = 'COMPUTED',
}

export enum Severity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum IncidentPhase {
  PREVENTION = 'PREVENTION',
  PREPAREDNESS = 'PREPAREDNESS',
  RESPONSE = 'RESPONSE',
  RECOVERY = 'RECOVERY',
}

export enum IncidentStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

export enum CrisisType {
  VICTIM = 'VICTIM',
  ACCIDENTAL = 'ACCIDENTAL',
  PREVENTABLE = 'PREVENTABLE',
  UNKNOWN = 'UNKNOWN',
}

export enum ApiScope {
  READ = 'READ',
  INGEST = 'INGEST',
  MANAGE = 'MANAGE',
}

registerEnumType(Platform, { name: 'Platform', description: 'Where a mention was posted.' });
registerEnumType(SentimentLabel, {
  name: 'SentimentLabel',
  description: 'POSITIVE if sentiment >= 0.05, NEGATIVE if sentiment <= -0.05, else NEUTRAL (unless provided).',
});
registerEnumType(SentimentSource, {
  name: 'SentimentSource',
  description: 'PROVIDED: the sentiment came with the mention; COMPUTED: the built-in scorer produced it.',
});
registerEnumType(Severity, { name: 'Severity' });
registerEnumType(IncidentPhase, {
  name: 'IncidentPhase',
  description: 'The crisis lifecycle, in order: PREVENTION, PREPAREDNESS, RESPONSE, RECOVERY.',
});
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(CrisisType, {
  name: 'CrisisType',
  description: 'Situational Crisis Communication Theory (SCCT) crisis clusters.',
});
registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'READ: queries and subscriptions; INGEST: ingestMentions and recordMetrics; MANAGE: organizations, incidents, keys, tracked influencers.',
});

// Analytics enums are plain objects, so their values are the string unions the analytics core works with.

export const Metric = {
  VOLUME: 'VOLUME',
  UNIQUE_AUTHORS: 'UNIQUE_AUTHORS',
  AVERAGE_SENTIMENT: 'AVERAGE_SENTIMENT',
  POSITIVE: 'POSITIVE',
  NEUTRAL: 'NEUTRAL',
  NEGATIVE: 'NEGATIVE',
  NET_SENTIMENT: 'NET_SENTIMENT',
  NEGATIVE_SHARE: 'NEGATIVE_SHARE',
  REACH: 'REACH',
  ENGAGEMENT: 'ENGAGEMENT',
  ENGAGEMENT_RATE: 'ENGAGEMENT_RATE',
  MEDIA_COVERAGE: 'MEDIA_COVERAGE',
  REPUTATION_INDEX: 'REPUTATION_INDEX',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

export const Granularity = { MINUTE: 'MINUTE', HOUR: 'HOUR', DAY: 'DAY', WEEK: 'WEEK', MONTH: 'MONTH' } as const;
export type Granularity = (typeof Granularity)[keyof typeof Granularity];

export const Dimension = {
  ORGANIZATION: 'ORGANIZATION',
  INCIDENT: 'INCIDENT',
  PLATFORM: 'PLATFORM',
  LANGUAGE: 'LANGUAGE',
  SENTIMENT: 'SENTIMENT',
  TIME: 'TIME',
} as const;
export type Dimension = (typeof Dimension)[keyof typeof Dimension];

export const GapFill = { ZERO: 'ZERO', NULL: 'NULL', NONE: 'NONE' } as const;
export type GapFill = (typeof GapFill)[keyof typeof GapFill];

export const InfluencerOrder = {
  REACH: 'REACH',
  ENGAGEMENT: 'ENGAGEMENT',
  MENTIONS: 'MENTIONS',
  NEGATIVE_REACH: 'NEGATIVE_REACH',
  POSITIVE_REACH: 'POSITIVE_REACH',
  INFLUENCE: 'INFLUENCE',
} as const;
export type InfluencerOrder = (typeof InfluencerOrder)[keyof typeof InfluencerOrder];

export const AlertKind = { VOLUME_SPIKE: 'VOLUME_SPIKE', NEGATIVE_SHARE_SPIKE: 'NEGATIVE_SHARE_SPIKE', SENTIMENT_DROP: 'SENTIMENT_DROP' } as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

registerEnumType(Metric, {
  name: 'Metric',
  description:
    'Mention metrics; owned posts never count. VOLUME mentions · UNIQUE_AUTHORS distinct authors · AVERAGE_SENTIMENT mean sentiment (null without mentions) · POSITIVE/NEUTRAL/NEGATIVE label counts · NET_SENTIMENT 100 × (P − N) / (P + N), null when P + N = 0 · NEGATIVE_SHARE N / volume · REACH Σ reach · ENGAGEMENT Σ engagement · ENGAGEMENT_RATE engagement / reach (null when reach is 0) · MEDIA_COVERAGE mentions on NEWS · REPUTATION_INDEX 50 × (1 + Σ wᵢsᵢ / Σ wᵢ), wᵢ = 1 + log10(1 + reachᵢ), in [0, 100], null without mentions.',
});
registerEnumType(Granularity, {
  name: 'Granularity',
  description:
    'Calendar buckets in the requested time zone: MINUTE and HOUR follow the local clock (a UTC offset change starts a new bucket, so a DST fall-back hour is its own bucket); DAY, WEEK (ISO, from Monday) and MONTH start at local midnight.',
});
registerEnumType(Dimension, { name: 'Dimension', description: 'What kpiTable rows are grouped by. TIME uses `granularity` (default DAY).' });
registerEnumType(GapFill, {
  name: 'GapFill',
  description: 'ZERO: every bucket, counts 0 where empty (ratios stay null); NULL: every bucket, null where empty; NONE: only buckets with mentions.',
});
registerEnumType(InfluencerOrder, { name: 'InfluencerOrder', description: 'Ranking of authors over the chosen mentions; ties by influencer id.' });
registerEnumType(AlertKind, {
  name: 'AlertKind',
  description: 'VOLUME_SPIKE on VOLUME, NEGATIVE_SHARE_SPIKE on NEGATIVE_SHARE in percent, SENTIMENT_DROP on NET_SENTIMENT falling.',
});
