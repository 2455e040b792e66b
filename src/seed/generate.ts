import { Platform } from '../entities/enums';
import type { MentionFields } from '../ingest/validate-mention';
import { AuthorPool, type Author } from './authors';
import type { Corpus, Lang, Tone } from './corpus';
import type { IncidentPlan, OrganizationPlan, SeedPlan } from './plan';
import { HEADLINES, OUTLETS, RECOVERY, RESPONSES, STATEMENTS } from './profiles';
import { Random } from './random';
import { fillTemplate, rebrandEnglish, rebrandIndonesian, tagCrisisPost, tagOf, truncate, type Fill } from './texts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** How long after resolution the conversation stays in its recovery mood. */
const RECOVERY_MS = 48 * HOUR;
/** Recent posts per platform that replies and reshares can point at (bounded: memory stays flat). */
const RECENT_POSTS = 400;
/** Complaints waiting for an answer from the organization's accounts. */
const UNANSWERED = 300;
const CASCADING: Partial<Record<Platform, { cascade: number; reshare: number }>> = {
  [Platform.TWITTER]: { cascade: 0.3, reshare: 0.55 },
  [Platform.FACEBOOK]: { cascade: 0.25, reshare: 0.4 },
  [Platform.INSTAGRAM]: { cascade: 0.2, reshare: 0 },
  [Platform.TIKTOK]: { cascade: 0.2, reshare: 0.2 },
  [Platform.YOUTUBE]: { cascade: 0.35, reshare: 0 },
  [Platform.REDDIT]: { cascade: 0.45, reshare: 0 },
  [Platform.LINKEDIN]: { cascade: 0.2, reshare: 0.5 },
  [Platform.FORUM]: { cascade: 0.4, reshare: 0 },
};
const EMOJI: Record<Tone, string[]> = {
  negative: ['😡', '😤', '🙄', '👎', '😩', ':('],
  neutral: ['🤔', '👀', ''],
  positive: ['🙏', '😍', '👍', '❤️', ':)', '🎉'],
};
const TONES: Tone[] = ['negative', 'neutral', 'positive'];

interface RecentPost {
  platform: Platform;
  externalId: string;
  handle: string;
  displayName: string;
  followers: number;
  text: string;
  at: number;
  lang: Lang | null;
  tone: Tone;
  incident: number | null;
}

interface Context {
  at: number;
  incident: IncidentPlan | null;
  /** Share of this hour's posts caused by the incident. */
  incidentShare: number;
  recovering: IncidentPlan | null;
}

/** How the stream relates a generated mention to the plan, for tests and progress. */
export interface GeneratedMention extends MentionFields {
  externalId: string;
}

/**
 * Mentions of one organization in time order, hour by hour, as the plan's counts say. `incidentIds[i]` is
 * the database id of the plan's incident i, given on part of the mentions it causes (a listening tool
 * that tags posts) and on every owned response; the rest are linked by the ingestion rule.
 *
 * State is bounded: the recent posts that replies and reshares point at, and the complaints waiting for
 * an answer, so any number of mentions streams in constant memory.
 */
export function* generateMentions(plan: SeedPlan, organization: OrganizationPlan, corpus: Corpus, incidentIds: readonly string[], authorPools: ReadonlyMap<Platform, AuthorPool>): Generator<GeneratedMention> {
  const generator = new MentionGenerator(plan, organization, corpus, incidentIds, authorPools);
  for (let h = 0; h < plan.hours; h += 1) {
    const count = organization.hourCounts[h]!;
    const hourStart = plan.start.getTime() + h * HOUR;
    for (let i = 0; i < count; i += 1) yield generator.next(h, hourStart);
  }
}

/** Author pools sized to the data: about six mentions per author, shared by all organizations. */
export function createAuthorPools(plan: SeedPlan): Map<Platform, AuthorPool> {
  const pools = new Map<Platform, AuthorPool>();
  const size = Math.max(300, Math.min(5_000_000, Math.round(plan.options.mentions / 6)));
  for (const platform of Object.values(Platform)) {
    if (platform === Platform.NEWS) continue;
    const share = platform === Platform.TWITTER ? 0.4 : 0.12;
    pools.set(platform, new AuthorPool(plan.options.seed, platform, Math.max(200, Math.round(size * share))));
  }
  return pools;
}

class MentionGenerator {
  private readonly random: Random;
  private readonly recent = new Map<Platform, RecentPost[]>();
  private readonly unanswered: RecentPost[] = [];
  private readonly ownHandles: Map<Platform, { handle: string; followers: number }>;
  private readonly fill: Fill;
  private readonly platforms: Platform[];
  private readonly platformWeights: number[];
  private readonly incidentPlatformWeights: number[];
  private readonly endMs: number;
  /** Real posts from crises like each incident (by incident index), gathered once. */
  private readonly crisisPosts: string[][];
  private readonly crisisMedia: string[][];
  private sequence = 0;

  constructor(
    private readonly plan: SeedPlan,
    private readonly organization: OrganizationPlan,
    private readonly corpus: Corpus,
    private readonly incidentIds: readonly string[],
    private readonly authors: ReadonlyMap<Platform, AuthorPool>,
  ) {
    this.random = Random.of(plan.options.seed, 'mentions', organization.index);
    this.ownHandles = new Map(organization.profile.handles.map((h) => [h.platform, { handle: h.handle, followers: h.followers }]));
    const twitter = organization.profile.handles.find((h) => h.platform === Platform.TWITTER) ?? organization.profile.handles[0];
    this.fill = { brand: organization.profile.name, handle: twitter?.handle ?? tagOf(organization.profile), tag: tagOf(organization.profile), ceo: organization.profile.ceo };
    this.platforms = organization.platformWeights.map(([platform]) => platform);
    this.platformWeights = organization.platformWeights.map(([, weight]) => weight);
    // in a crisis the conversation moves to Twitter and the news
    this.incidentPlatformWeights = organization.platformWeights.map(([platform, weight]) =>
      platform === Platform.TWITTER ? weight * 1.4 : platform === Platform.NEWS ? weight * 1.6 : weight,
    );
    this.endMs = plan.end.getTime();
    this.crisisPosts = organization.incidents.map((incident) => incident.scenario.crisisEvents.flatMap((event) => corpus.crisis.get(event) ?? []));
    this.crisisMedia = organization.incidents.map((incident) => incident.scenario.crisisEvents.flatMap((event) => corpus.crisisMedia.get(event) ?? []));
  }

  next(hour: number, hourStart: number): GeneratedMention {
    const random = this.random;
    const at = hourStart + random.int(3600) * 1000;
    const context = this.context(hour, at);
    const { incident } = context;

    if (incident && at >= incident.respondFrom.getTime()) {
      if (this.unanswered.length > 0 && random.chance(0.09)) {
        const reply = this.ownedReply(at, incident);
        if (reply) return reply;
      }
      if (random.chance(0.006)) return this.ownedPost(at, incident);
    } else if (random.chance(0.003)) {
      return this.ownedPost(at, null);
    }
    return this.audienceMention(at, context);
  }

  private context(hour: number, at: number): Context {
    const organization = this.organization;
    let recovering: IncidentPlan | null = null;
    for (const candidate of organization.incidents) {
      const resolved = candidate.resolvedAt?.getTime();
      if (resolved !== undefined && at >= resolved && at < resolved + RECOVERY_MS) recovering = candidate;
    }
    let incident = organization.incidents[organization.hourIncident[hour]!] ?? null;
    // the hour it starts or ends in is only partly the incident's
    if (incident && (at < incident.startedAt.getTime() || (incident.resolvedAt && at >= incident.resolvedAt.getTime()))) incident = null;
    return { at, incident, incidentShare: incident ? organization.hourIncidentShare[hour]! : 0, recovering };
  }

  private audienceMention(at: number, context: Context): GeneratedMention {
    const random = this.random;
    const driven = context.incident !== null && random.chance(context.incidentShare);
    const incident = driven ? context.incident : null;
    const platform = this.platforms[random.weighted(driven ? this.incidentPlatformWeights : this.platformWeights)]!;
    const tone = driven
      ? TONES[random.weighted([0.72, 0.2, 0.08])]!
      : context.recovering
        ? TONES[random.weighted([0.12, 0.46, 0.42])]!
        : TONES[random.weighted([0.18, 0.57, 0.25])]!;
    const lang: Lang = random.chance(this.organization.profile.indonesianShare) ? 'id' : 'en';

    if (platform === Platform.NEWS) return this.newsMention(at, incident, lang);

    const author = this.authors.get(platform)!.sample(random, driven ? 4 : 1);
    const cascading = CASCADING[platform];
    const recent = this.recent.get(platform);
    let parent: RecentPost | null = null;
    let reshare = false;
    if (cascading && recent && recent.length > 0 && random.chance(cascading.cascade * (driven ? 1.3 : 1))) {
      parent = this.pickParent(recent, at);
      reshare = parent !== null && random.chance(cascading.reshare);
    }

    let text: string;
    let textLang: Lang | null;
    let textTone = tone;
    if (parent && reshare) {
      textLang = parent.lang;
      textTone = parent.tone;
      text = platform === Platform.TWITTER ? `RT @${parent.handle}: ${parent.text}` : this.shareComment(parent, random);
    } else {
      const made = this.text(tone, lang, incident, context.recovering);
      text = made.text;
      textLang = made.lang;
      if (parent && platform === Platform.TWITTER) text = `@${parent.handle} ${text}`;
    }
    if (random.chance(0.12)) {
      const emoji = random.pick(EMOJI[textTone]);
      if (emoji) text = `${text} ${emoji}`;
    }
    if (platform === Platform.TWITTER) text = truncate(text, 280);

    const postedAt = parent ? Math.min(Math.max(at, parent.at + Math.round(random.exponential(25 * MINUTE)) + MINUTE), this.endMs - 1000) : at;
    const mention = this.mention(platform, author, text, postedAt);
    if (parent && postedAt > parent.at) {
      if (reshare) mention.sharedFromExternalId = parent.externalId;
      else mention.inReplyToExternalId = parent.externalId;
    }
    this.engagement(mention, author.followers, driven && tone === 'negative' ? 2.5 : 1);
    if (incident && random.chance(0.5)) mention.incidentId = this.incidentIds[incident.index] ?? null;
    // listening tools send their own score with some posts, and a language with fewer
    if (random.chance(0.12)) mention.sentiment = providedScore(textTone, random);
    if (textLang && random.chance(0.1)) mention.language = textLang;

    const post: RecentPost = { platform, externalId: mention.externalId, handle: author.handle, displayName: author.displayName, followers: author.followers, text, at: postedAt, lang: textLang, tone: textTone, incident: incident?.index ?? null };
    this.remember(platform, post);
    if (incident && textTone === 'negative' && this.ownHandles.has(platform) && !reshare) {
      if (this.unanswered.length >= UNANSWERED) this.unanswered.splice(random.int(UNANSWERED), 1);
      this.unanswered.push(post);
    }
    return mention;
  }

  private text(tone: Tone, lang: Lang, incident: IncidentPlan | null, recovering: IncidentPlan | null): { text: string; lang: Lang | null } {
    const random = this.random;
    const profile = this.organization.profile;
    const handle = this.fill.handle;
    if (incident) {
      const scenario = incident.scenario;
      const crisisPosts = this.crisisPosts[incident.index]!;
      const roll = random.next();
      if (tone === 'negative' && roll < 0.55) {
        const templates = lang === 'id' && scenario.id.length > 0 ? scenario.id : scenario.en;
        return { text: fillTemplate(random.pick(templates), this.fill, profile, random), lang: templates === scenario.id ? 'id' : 'en' };
      }
      if (crisisPosts.length > 0 && (tone === 'neutral' ? roll < 0.6 : roll < 0.7)) {
        // real posts from a crisis of this kind; their languages are whatever the crisis was in
        return { text: tagCrisisPost(random.pick(crisisPosts), profile, handle, random), lang: null };
      }
    } else if (recovering && tone === 'positive' && random.chance(0.5)) {
      return { text: fillTemplate(random.pick(RECOVERY[lang]), this.fill, profile, random), lang };
    }
    if (lang === 'id') return { text: rebrandIndonesian(random.pick(this.corpus.id[tone]), profile, handle, random), lang };
    const post = random.pick(this.corpus.en[tone]);
    return { text: rebrandEnglish(post.text, post.brand, profile, handle, random), lang };
  }

  private shareComment(parent: RecentPost, random: Random): string {
    const comments =
      parent.lang === 'id'
        ? { negative: ['Parah.', 'Tolong disebarkan.', 'Ini harus diusut!'], neutral: ['Info:', 'Via'], positive: ['Keren!', 'Mantap 👍'] }
        : { negative: ['Unbelievable.', 'Share this.', 'This needs answers.'], neutral: ['FYI', 'Via'], positive: ['Great news!', 'Love this'] };
    return `${random.pick(comments[parent.tone])} ${parent.text}`;
  }

  private newsMention(at: number, incident: IncidentPlan | null, lang: Lang): GeneratedMention {
    const random = this.random;
    const profile = this.organization.profile;
    const outlets = OUTLETS.filter((outlet) => outlet.lang === lang);
    const outlet = random.pick(outlets.length > 0 ? outlets : OUTLETS);
    const media = incident ? this.crisisMedia[incident.index]! : [];
    const fill = { ...this.fill, title: incident?.scenario.title };
    let text: string;
    if (media.length > 0 && random.chance(0.4)) {
      text = tagCrisisPost(random.pick(media), profile, this.fill.handle, random);
    } else {
      const headlines = HEADLINES[outlet.lang][incident ? 'incident' : 'baseline'];
      text = fillTemplate(random.pick(headlines), fill, profile, random);
      if (random.chance(0.3)) text = `${random.pick(profile.cities).toUpperCase()} — ${text}`;
    }
    const mention = this.mention(Platform.NEWS, { handle: outlet.handle, displayName: outlet.name, followers: outlet.followers, verified: true }, text, at);
    mention.reach = Math.round(outlet.followers * (0.05 + random.next() * 0.6));
    this.engagement(mention, outlet.followers, incident ? 2 : 0.5);
    if (incident && random.chance(0.5)) mention.incidentId = this.incidentIds[incident.index] ?? null;
    if (random.chance(0.3)) mention.language = outlet.lang;
    return mention;
  }

  /** An owned reply to a complaint, after the organization started responding. */
  private ownedReply(at: number, incident: IncidentPlan): GeneratedMention | null {
    const random = this.random;
    const index = random.int(this.unanswered.length);
    const parent = this.unanswered[index]!;
    this.unanswered.splice(index, 1);
    const own = this.ownHandles.get(parent.platform);
    const earliest = Math.max(parent.at + random.between(2, 45) * MINUTE, incident.respondFrom.getTime());
    const postedAt = Math.max(at, earliest);
    if (!own || postedAt >= this.endMs) return null;
    const lang: Lang = parent.lang === 'id' ? 'id' : 'en';
    const firstName = parent.displayName.split(' ')[0];
    const user = parent.platform === Platform.TWITTER ? `@${parent.handle}` : lang === 'id' ? `Halo ${firstName},` : `Hi ${firstName},`;
    const text = fillTemplate(random.pick(RESPONSES[lang]), { ...this.fill, user }, this.organization.profile, random);
    const mention = this.mention(parent.platform, this.ownAuthor(own), text, postedAt);
    mention.inReplyToExternalId = parent.externalId;
    mention.incidentId = this.incidentIds[incident.index] ?? null;
    this.engagement(mention, 2_000, 1);
    return mention;
  }

  /** A statement or an announcement from one of the organization's accounts; people reply to it and share it. */
  private ownedPost(at: number, incident: IncidentPlan | null): GeneratedMention {
    const random = this.random;
    const profile = this.organization.profile;
    const handles = profile.handles;
    const own = random.pick(handles);
    const lang: Lang = random.chance(profile.indonesianShare) ? 'id' : 'en';
    const template = incident ? random.pick(STATEMENTS[lang]) : random.pick(profile.ownedPosts[lang]);
    const text = fillTemplate(template, { ...this.fill, title: incident?.scenario.title }, profile, random);
    const mention = this.mention(own.platform, this.ownAuthor(own), text, at);
    this.engagement(mention, own.followers / 50, 1);
    if (incident) mention.incidentId = this.incidentIds[incident.index] ?? null;
    this.remember(own.platform, {
      platform: own.platform,
      externalId: mention.externalId,
      handle: own.handle,
      displayName: profile.name,
      followers: own.followers,
      text,
      at,
      lang,
      tone: incident ? 'neutral' : 'positive',
      incident: incident?.index ?? null,
    });
    return mention;
  }

  private ownAuthor(own: { handle: string; followers: number }): Author {
    return { handle: own.handle, displayName: this.organization.profile.name, followers: own.followers, verified: true };
  }

  /** A parent for a reply or reshare: recent posts, big accounts favoured (tournament of three). */
  private pickParent(recent: RecentPost[], at: number): RecentPost | null {
    let best: RecentPost | null = null;
    let bestScore = -Infinity;
    for (let i = 0; i < 3; i += 1) {
      const candidate = recent[this.random.int(recent.length)]!;
      if (candidate.at >= this.endMs - 2 * MINUTE) continue;
      const ageHours = Math.max(0, (at - candidate.at) / HOUR);
      const score = Math.log10(2 + candidate.followers) - ageHours / 6;
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  private remember(platform: Platform, post: RecentPost): void {
    let list = this.recent.get(platform);
    if (!list) {
      list = [];
      this.recent.set(platform, list);
    }
    if (list.length >= RECENT_POSTS) list[this.random.int(RECENT_POSTS)] = post;
    else list.push(post);
  }

  private mention(platform: Platform, author: Author, text: string, at: number): GeneratedMention {
    this.sequence += 1;
    const { externalId, url } = identity(platform, this.plan.options.seed, this.organization.index, this.sequence, author.handle, at);
    return {
      platform,
      externalId,
      text,
      postedAt: new Date(at),
      author: { handle: author.handle, displayName: author.displayName, followers: author.followers, verified: author.verified },
      url,
    };
  }

  /** Likes, shares and comments grow sub-linearly with the audience and vary a lot from post to post. */
  private engagement(mention: GeneratedMention, followers: number, boost: number): void {
    const random = this.random;
    const base = Math.pow(Math.max(1, followers), 0.62) * Math.exp(1.1 * random.normal()) * 0.15 * boost;
    const likes = Math.min(50_000_000, Math.floor(base));
    mention.likes = likes;
    mention.shares = Math.floor(likes * (0.03 + random.next() * 0.25));
    mention.comments = Math.floor(likes * (0.02 + random.next() * 0.15));
    // some tools report impressions; without them the author's audience counts as the reach
    if (random.chance(0.15)) mention.reach = Math.min(400_000_000, Math.round(followers * (0.2 + random.next() * 1.8)));
  }
}

/** A score a listening tool might send, consistent with the tone of the text. */
function providedScore(tone: Tone, random: Random): number {
  const magnitude = 0.15 + random.next() * 0.75;
  const value = tone === 'positive' ? magnitude : tone === 'negative' ? -magnitude : (random.next() - 0.5) * 0.08;
  return Math.round(value * 1000) / 1000;
}

/** External ids in each platform's style, unique per (seed, organization, sequence), with a plausible URL. */
function identity(platform: Platform, seed: number, organization: number, sequence: number, handle: string, at: number): { externalId: string; url: string } {
  const numeric = `${seed}${String(organization).padStart(2, '0')}${String(sequence).padStart(10, '0')}`;
  const short = `${seed.toString(36)}${organization.toString(36)}x${sequence.toString(36)}`;
  switch (platform) {
    case Platform.TWITTER:
      return { externalId: numeric, url: `https://x.com/${handle}/status/${numeric}` };
    case Platform.FACEBOOK:
      return { externalId: `fb_${numeric}`, url: `https://www.facebook.com/${handle}/posts/${numeric}` };
    case Platform.INSTAGRAM:
      return { externalId: `ig_${short}`, url: `https://www.instagram.com/p/${short}/` };
    case Platform.TIKTOK:
      return { externalId: `tt_${numeric}`, url: `https://www.tiktok.com/@${handle}/video/${numeric}` };
    case Platform.YOUTUBE:
      return { externalId: `yt_${short}`, url: `https://www.youtube.com/watch?v=${short}` };
    case Platform.REDDIT:
      return { externalId: `t3_${short}`, url: `https://www.reddit.com/comments/${short}/` };
    case Platform.LINKEDIN:
      return { externalId: `li_${numeric}`, url: `https://www.linkedin.com/feed/update/urn:li:activity:${numeric}/` };
    case Platform.NEWS: {
      const day = new Date(at).toISOString().slice(0, 10).replace(/-/g, '/');
      return { externalId: `news_${short}`, url: `https://${handle}.example.com/${day}/${short}` };
    }
    default:
      return { externalId: `${platform.toLowerCase()}_${short}`, url: `https://${platform.toLowerCase()}.example.com/${handle}/${short}` };
  }
}
