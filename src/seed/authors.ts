import { Platform } from '../entities/enums';
import { Random, hashSeed } from './random';

export interface Author {
  handle: string;
  displayName: string;
  followers: number;
  verified: boolean;
}

const FIRST = [
  'rina', 'budi', 'sari', 'agus', 'dewi', 'putri', 'andi', 'fajar', 'intan', 'yusuf', 'wulan', 'bayu', 'nadia', 'eko',
  'siti', 'rizky', 'ayu', 'dimas', 'tari', 'hendra', 'emma', 'james', 'olivia', 'liam', 'sophie', 'noah', 'mia', 'lucas',
  'chloe', 'jack', 'grace', 'ethan', 'amelia', 'ryan', 'zoe', 'daniel', 'priya', 'arjun', 'ananya', 'rahul', 'kavya', 'sam',
];
const LAST = [
  'santoso', 'wijaya', 'pratama', 'saputra', 'lestari', 'hidayat', 'kusuma', 'nugroho', 'siregar', 'halim', 'smith',
  'jones', 'taylor', 'brown', 'walker', 'wright', 'hughes', 'murphy', 'carter', 'patel', 'sharma', 'iyer', 'reddy',
];
const WORDS = [
  'travels', 'kopi', 'jalan', 'foodie', 'tech', 'daily', 'official', 'life', 'ngopi', 'senja', 'runner', 'dad', 'mum',
  'gamer', 'reads', 'photo', 'bola', 'musik', 'news', 'commuter', 'the', 'real', 'its', 'just', 'xo', 'vibes',
];

/** Audience size parameters per platform: Pareto scale (typical small account) and shape (tail weight). */
const FOLLOWERS: Record<Platform, { scale: number; alpha: number }> = {
  [Platform.TWITTER]: { scale: 35, alpha: 0.95 },
  [Platform.FACEBOOK]: { scale: 90, alpha: 1.05 },
  [Platform.INSTAGRAM]: { scale: 70, alpha: 0.95 },
  [Platform.LINKEDIN]: { scale: 120, alpha: 1.1 },
  [Platform.YOUTUBE]: { scale: 20, alpha: 0.85 },
  [Platform.TIKTOK]: { scale: 50, alpha: 0.85 },
  [Platform.REDDIT]: { scale: 8, alpha: 1.0 },
  [Platform.NEWS]: { scale: 5000, alpha: 0.9 },
  [Platform.BLOG]: { scale: 15, alpha: 0.9 },
  [Platform.FORUM]: { scale: 5, alpha: 1.0 },
  [Platform.OTHER]: { scale: 10, alpha: 1.0 },
};
const MAX_FOLLOWERS = 60_000_000;

/** Well-known accounts: journalists, creators, consumer advocates. Rarely about a brand, widely seen when they are. */
const NOTABLE: Partial<Record<Platform, Author[]>> = {
  [Platform.TWITTER]: [
    { handle: 'RakaComedy', displayName: 'Raka Putra', followers: 5_900_000, verified: true },
    { handle: 'MarketPulse', displayName: 'Market Pulse', followers: 3_100_000, verified: true },
    { handle: 'AnnaReyesNews', displayName: 'Anna Reyes', followers: 2_400_000, verified: true },
    { handle: 'TechTalkDaily', displayName: 'Tech Talk Daily', followers: 1_300_000, verified: false },
    { handle: 'ConsumerWatchID', displayName: 'Consumer Watch Indonesia', followers: 860_000, verified: true },
    { handle: 'TheTravelDesk', displayName: 'The Travel Desk', followers: 410_000, verified: false },
  ],
  [Platform.INSTAGRAM]: [
    { handle: 'dinda.lifestyle', displayName: 'Dinda Maharani', followers: 8_200_000, verified: true },
    { handle: 'wanderwithmaya', displayName: 'Maya Lim', followers: 1_500_000, verified: true },
  ],
  [Platform.TIKTOK]: [
    { handle: 'kevinreviews', displayName: 'Kevin Reviews', followers: 12_000_000, verified: true },
    { handle: 'mamakdapur', displayName: 'Mamak Dapur', followers: 3_400_000, verified: false },
  ],
  [Platform.YOUTUBE]: [{ handle: 'GadgetJury', displayName: 'Gadget Jury', followers: 6_700_000, verified: true }],
  [Platform.FACEBOOK]: [
    { handle: 'InfoJakartaKini', displayName: 'Info Jakarta Kini', followers: 4_100_000, verified: true },
    { handle: 'CommuterNewsUK', displayName: 'Commuter News UK', followers: 290_000, verified: false },
  ],
  [Platform.LINKEDIN]: [{ handle: 'sarah-okafor', displayName: 'Sarah Okafor', followers: 540_000, verified: true }],
};

/**
 * The people who post on one platform, shared by every organization (a public account is the same
 * account wherever it is seen). Authors are computed from their index, never stored, so the pool costs no
 * memory whatever its size. Posting activity is skewed (a few authors post a lot) and follower counts
 * are Pareto-distributed (many small accounts, a few very large ones), independently of each other.
 */
export class AuthorPool {
  constructor(
    private readonly seed: number,
    readonly platform: Platform,
    readonly size: number,
  ) {}

  /**
   * An author drawn by activity (low indexes are the prolific posters), now and then a well-known account;
   * `attention` > 1 when something (a crisis) makes the big accounts join in.
   */
  sample(random: Random, attention = 1): Author {
    const notable = NOTABLE[this.platform];
    if (notable && random.chance(0.006 * attention)) return random.pick(notable);
    return this.at(Math.floor(this.size * Math.pow(random.next(), 1.8)));
  }

  at(index: number): Author {
    const random = new Random(hashSeed(this.seed, 'author', this.platform, index));
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const word = random.pick(WORDS);
    // the index suffix keeps handles unique, so one handle never carries two follower counts
    const style = random.int(4);
    const base = style === 0 ? `${first}_${last}` : style === 1 ? `${first}${word}` : style === 2 ? `${word}_${first}` : `${first}.${last}`;
    const handle = `${this.platform === Platform.REDDIT ? capitalize(base) : base}${index}`;
    return {
      handle,
      displayName: `${capitalize(first)} ${capitalize(last)}`,
      ...audience(this.platform, handle),
    };
  }
}

/** Followers and verified flag from the handle alone, so any run that meets this handle agrees on them. */
export function audience(platform: Platform, handle: string): { followers: number; verified: boolean } {
  const random = new Random(hashSeed('audience', platform, handle.toLowerCase()));
  const { scale, alpha } = FOLLOWERS[platform];
  const followers = Math.min(MAX_FOLLOWERS, Math.floor(random.pareto(scale, alpha)) - Math.floor(scale * 0.7));
  const verified = followers >= 100_000 ? random.chance(0.7) : followers >= 10_000 ? random.chance(0.06) : false;
  return { followers: Math.max(0, followers), verified };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
