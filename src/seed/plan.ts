import { Platform } from '../entities/enums';
import { EXTRA_NAME_PARTS, PROFILES, type OrganizationProfile, type Scenario } from './profiles';
import { Random } from './random';
import { slugify } from '../services/organizations.service';

/** Where generated data ends unless told otherwise: fixed, never the clock, so a seed always gives the same data. */
export const DEFAULT_SEED_END = '2026-11-20T00:00:00Z';

export interface SeedOptions {
  /** Total mentions to generate, over all organizations (exact). */
  mentions: number;
  organizations: number;
  seed: number;
  days: number;
  /** The generated period ends here (exclusive); a fixed date, so a seed always gives the same data. */
  end: Date;
}

export interface IncidentPlan {
  /** Position among the organization's incidents, oldest first. */
  index: number;
  scenario: Scenario;
  startedAt: Date;
  detectedAt: Date;
  /** null: still open when the period ends. */
  resolvedAt: Date | null;
  /** Owned accounts start answering from here (their first response). */
  respondFrom: Date;
  /** Extra volume at the peak, as a multiple of the usual volume. */
  amplitude: number;
  riseHours: number;
  decayHours: number;
}

export interface OrganizationPlan {
  index: number;
  profile: OrganizationProfile;
  slug: string;
  /** Indexes of the organizations this one benchmarks against. */
  competitors: number[];
  incidents: IncidentPlan[];
  /** Mentions to generate in each hour of the period (first hour at `start`). */
  hourCounts: Uint32Array;
  /** The incident (its index) driving each hour's extra volume, or -1. */
  hourIncident: Int16Array;
  /** The share of each hour's mentions that the incident caused. */
  hourIncidentShare: Float32Array;
  total: number;
  platformWeights: Array<[Platform, number]>;
}

export interface SeedPlan {
  options: SeedOptions;
  start: Date;
  end: Date;
  hours: number;
  organizations: OrganizationPlan[];
}

const HOUR = 3_600_000;
/** Relative posting activity by local hour: quiet at night, a lunchtime and an evening peak. */
const DIURNAL = [0.3, 0.18, 0.12, 0.09, 0.1, 0.18, 0.4, 0.7, 0.92, 1, 1, 1.05, 1.12, 1.05, 0.98, 0.95, 0.97, 1.02, 1.1, 1.22, 1.28, 1.15, 0.85, 0.55];
/** Relative activity by local weekday (Sunday first): weekends are quieter. */
const WEEKLY = [0.74, 1.02, 1.05, 1.04, 1.03, 0.98, 0.8];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Everything decided before the first mention: organizations, incidents and how many mentions fall in
 * each hour. Pure and small (organizations × hours counters), so planning 10,000,000 mentions is instant.
 */
export function planSeed(options: SeedOptions): SeedPlan {
  const hours = Math.round(options.days * 24);
  const end = options.end;
  const start = new Date(end.getTime() - hours * HOUR);
  const profiles = Array.from({ length: options.organizations }, (_, index) => profileFor(index));
  const organizations = profiles.map((profile, index) => {
    const random = Random.of(options.seed, 'organization', index);
    const incidents = planIncidents(random, profile, index, start, end);
    return {
      index,
      profile,
      slug: slugify(profile.name),
      competitors: competitorsOf(index, profiles.length),
      incidents,
      hourCounts: new Uint32Array(hours),
      hourIncident: new Int16Array(hours).fill(-1),
      hourIncidentShare: new Float32Array(hours),
      total: 0,
      platformWeights: platformWeights(profile),
    };
  });

  // hourly weights: rhythm in the organization's own time zone, day-to-day noise, incident spikes
  const weights = organizations.map((organization) => {
    const random = Random.of(options.seed, 'volume', organization.index);
    const clock = localClock(organization.profile.timezone);
    const dayNoise = new Map<string, number>();
    const row = new Float64Array(hours);
    let sum = 0;
    for (let h = 0; h < hours; h += 1) {
      const at = start.getTime() + h * HOUR;
      const { hour, weekday, day } = clock(at + HOUR / 2);
      let noise = dayNoise.get(day);
      if (noise === undefined) {
        noise = Math.exp(0.18 * random.normal());
        dayNoise.set(day, noise);
      }
      const rhythm = DIURNAL[hour]! * WEEKLY[weekday]!;
      let spike = 0;
      for (const incident of organization.incidents) {
        const value = spikeAt(incident, at + HOUR / 2);
        const open = incident.resolvedAt === null || at + HOUR / 2 < incident.resolvedAt.getTime();
        if (value > spike && open) {
          spike = value;
          organization.hourIncident[h] = incident.index;
        }
      }
      // a crisis draws people in at any hour: its extra volume follows the daily rhythm only in part
      const extra = spike * (0.45 + 0.55 * rhythm);
      organization.hourIncidentShare[h] = extra / (rhythm + extra);
      row[h] = noise * (rhythm + extra);
      sum += row[h]!;
    }
    return { row, sum };
  });
  const profileWeight = organizations.reduce((total, o) => total + o.profile.weight, 0);

  // cumulative rounding over every (organization, hour): the counts add up to exactly options.mentions
  let cumulative = 0;
  let assigned = 0;
  organizations.forEach((organization, o) => {
    const { row, sum } = weights[o]!;
    const share = organization.profile.weight / profileWeight;
    for (let h = 0; h < hours; h += 1) {
      cumulative += (row[h]! / sum) * share;
      const upTo = Math.round(cumulative * options.mentions);
      const count = Math.max(0, upTo - assigned);
      organization.hourCounts[h] = count;
      organization.total += count;
      assigned += count;
    }
  });
  const last = organizations[organizations.length - 1];
  if (last && assigned !== options.mentions) {
    // floating-point residue: put the difference in the last hour
    const difference = options.mentions - assigned;
    last.hourCounts[hours - 1] = last.hourCounts[hours - 1]! + difference;
    last.total += difference;
  }
  return { options, start, end, hours, organizations };
}

/** Extra volume (multiple of the usual) an incident adds at `at`: a quick rise, then exponential decay. */
export function spikeAt(incident: IncidentPlan, at: number): number {
  const t = (at - incident.startedAt.getTime()) / HOUR;
  if (t < 0) return 0;
  if (t < incident.riseHours) return incident.amplitude * (0.15 + (0.85 * t) / incident.riseHours);
  const value = incident.amplitude * Math.exp(-(t - incident.riseHours) / incident.decayHours);
  return value < 0.02 ? 0 : value;
}

function planIncidents(random: Random, profile: OrganizationProfile, orgIndex: number, start: Date, end: Date): IncidentPlan[] {
  const span = end.getTime() - start.getTime();
  // leave a baseline before the first incident and room for a recovery after the last
  const from = start.getTime() + span * 0.25;
  const to = end.getTime() - span * 0.12;
  const count = Math.min(1 + random.int(3), profile.scenarios.length, Math.max(1, Math.floor((to - from) / (4 * 24 * HOUR))));
  const scenarios = shuffled(random, profile.scenarios);
  const slot = (to - from) / count;
  const incidents: IncidentPlan[] = [];
  for (let index = 0; index < count; index += 1) {
    const scenario = scenarios[index % scenarios.length]!;
    const severityBoost = { LOW: 0.7, MEDIUM: 1, HIGH: 1.4, CRITICAL: 1.9 }[scenario.severity];
    const startMs = roundToMinute(from + slot * index + random.next() * slot * 0.5);
    const amplitude = (4 + random.next() * 6) * severityBoost;
    const riseHours = 1 + random.next() * 3;
    const decayHours = Math.min(6 + random.next() * 18, (slot / HOUR) * 0.12);
    // resolved once the extra volume has fallen to about a third of the usual
    const resolvedMs = roundToMinute(startMs + (riseHours + decayHours * Math.log(amplitude / 0.35)) * HOUR);
    const keepOpen = index === count - 1 && orgIndex % 2 === 1;
    incidents.push({
      index,
      scenario,
      startedAt: new Date(startMs),
      detectedAt: new Date(startMs + random.between(8, 55) * 60_000),
      resolvedAt: keepOpen || resolvedMs >= end.getTime() ? null : new Date(resolvedMs),
      respondFrom: new Date(startMs + random.between(12, 150) * 60_000),
      amplitude,
      riseHours,
      decayHours,
    });
  }
  return incidents;
}

function competitorsOf(index: number, count: number): number[] {
  const competitors: number[] = [];
  for (let step = 1; step < count && competitors.length < 3; step += 1) competitors.push((index + step) % count);
  return competitors.sort((a, b) => a - b);
}

function profileFor(index: number): OrganizationProfile {
  const base = PROFILES[index % PROFILES.length]!;
  if (index < PROFILES.length) return base;
  // beyond the catalog: a new name and handles on a catalog organization's kind of business
  const extra = index - PROFILES.length;
  const { first, second } = EXTRA_NAME_PARTS;
  const round = Math.floor(extra / (first.length * second.length));
  const name = `${first[extra % first.length]} ${second[Math.floor(extra / first.length) % second.length]}${round > 0 ? ` ${round + 1}` : ''}`;
  const compact = name.replace(/\s+/g, '');
  return {
    ...base,
    name,
    ticker: compact.slice(0, 4).toUpperCase(),
    handles: base.handles.map((handle) => ({ ...handle, handle: compact, followers: Math.round(handle.followers / 3) })),
    keywords: [name.toLowerCase(), `#${compact.toLowerCase()}`],
    weight: 0.7,
  };
}

function platformWeights(profile: OrganizationProfile): Array<[Platform, number]> {
  const id = profile.indonesianShare;
  return [
    [Platform.TWITTER, 40],
    [Platform.FACEBOOK, 12 + 6 * id],
    [Platform.INSTAGRAM, 8 + 8 * id],
    [Platform.TIKTOK, 4 + 6 * id],
    [Platform.YOUTUBE, 4],
    [Platform.REDDIT, 1 + 9 * (1 - id)],
    [Platform.NEWS, 6],
    [Platform.BLOG, 3],
    [Platform.FORUM, 2 + 4 * id],
    [Platform.LINKEDIN, 2],
  ];
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function roundToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/** Local hour, weekday and calendar day of an instant in an IANA time zone. */
function localClock(timezone: string): (at: number) => { hour: number; weekday: number; day: string } {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    hour: 'numeric',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => {
    const parts = format.formatToParts(at);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return {
      hour: Number(part('hour')) % 24,
      weekday: Math.max(0, WEEKDAYS.indexOf(part('weekday'))),
      day: `${part('year')}-${part('month')}-${part('day')}`,
    };
  };
}
