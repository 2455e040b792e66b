import type { OrganizationProfile } from './profiles';
import type { Random } from './random';

/** Placeholders shared by every template. */
export interface Fill {
  brand: string;
  handle: string;
  tag: string;
  ceo: string;
  title?: string;
  user?: string;
}

const PRODUCTS: Record<string, RegExp> = {
  apple: /(?<![@#\w])(?:iphone ?\d*[a-z]?|ipad(?: mini| air)?|ipod|itunes|icloud|imac|macbook(?: pro| air)?|mac|ios ?\d*|siri|apple ?watch|app ?store|airpods)\b/gi,
  google: /(?<![@#\w])(?:android|gmail|chrome|google\+|nexus(?: \w+)?|google maps|youtube)\b/gi,
  microsoft: /(?<![@#\w])(?:windows(?: phone)?(?: \d+)?|xbox(?: \d+)?|office|bing|skype|hotmail|zune|surface|wp7)\b/gi,
  twitter: /(?<![@#\w])(?:tweetdeck|twitpic)\b/gi,
};
const PEOPLE = /\b(?:steve jobs|tim cook|ballmer|steve ballmer|larry page|sergey brin|eric schmidt|bill gates|jack dorsey)\b/gi;
const BRANDS: Record<string, BrandPattern[]> = {
  apple: ['apple', 'aapl'].map(brandPattern),
  google: ['google', 'goog'].map(brandPattern),
  microsoft: ['microsoft', 'msft'].map(brandPattern),
  twitter: ['twitter'].map(brandPattern),
};
const INDONESIAN_PLACE = /\b(warung|restoran|resto|rumah makan|tempat|hotel|aplikasi|produk|toko|layanan|pelayanan|kafe|cafe|provider|operator|bank)( nya)? ini\b/;

/**
 * A real post about Apple, Google, Microsoft or Twitter made to be about the organization: its handle,
 * hashtag, ticker, name, products and CEO take the place of the original brand's.
 */
export function rebrandEnglish(text: string, brand: string, profile: OrganizationProfile, handle: string, random: Random): string {
  const names = BRANDS[brand] ?? BRANDS.apple!;
  // products and people first: "Apple Watch" is a product before "Apple" is the brand
  let out = text;
  const products = PRODUCTS[brand];
  if (products) out = out.replace(products, () => random.pick(profile.products));
  out = out.replace(PEOPLE, () => profile.ceo);
  for (const pattern of names) {
    out = out
      .replace(pattern.at, () => `@${handle}`)
      .replace(pattern.hash, () => `#${tagOf(profile)}`)
      .replace(pattern.dollar, () => `$${profile.ticker}`)
      .replace(pattern.bare, (match) => (match.length > pattern.length ? `${profile.name}'s` : profile.name));
  }
  if (!out.includes(profile.name) && !out.includes(`@${handle}`) && !out.includes(`#${tagOf(profile)}`)) {
    out = random.chance(0.5) ? `@${handle} ${out}` : `${out} #${tagOf(profile)}`;
  }
  return out;
}

/** An Indonesian review or comment pointed at the organization ("tempat ini" → "tempat Kopi Senja"). */
export function rebrandIndonesian(text: string, profile: OrganizationProfile, handle: string, random: Random): string {
  if (INDONESIAN_PLACE.test(text)) return text.replace(INDONESIAN_PLACE, (_match, noun: string) => `${noun} ${profile.name}`);
  const choice = random.int(3);
  if (choice === 0) return `@${handle} ${text}`;
  if (choice === 1) return `${text} #${tagOf(profile)}`;
  return `${profile.name.toLowerCase()} : ${text}`;
}

/** A CrisisLex post tied to the organization the way people tag brands in a crisis. */
export function tagCrisisPost(text: string, profile: OrganizationProfile, handle: string, random: Random): string {
  const choice = random.int(3);
  if (choice === 0) return `${text} @${handle}`;
  if (choice === 1) return `${profile.name}: ${text}`;
  return `${text} #${tagOf(profile)}`;
}

/** Fills {brand} {handle} {tag} {ceo} {product} {city} {city2} {n} {ref} {initials} {title} {title_lower} {user}. */
export function fillTemplate(template: string, fill: Fill, profile: OrganizationProfile, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    switch (key) {
      case 'brand':
        return fill.brand;
      case 'handle':
        return `@${fill.handle}`;
      case 'tag':
        return fill.tag;
      case 'ceo':
        return fill.ceo;
      case 'product':
        return random.pick(profile.products);
      case 'city':
        return random.pick(profile.cities);
      case 'city2':
        return random.pick(profile.cities);
      case 'n':
        return String(random.between(2, 9));
      case 'ref':
        return `${profile.ticker.slice(0, 2)}${random.between(100, 9999)}`;
      case 'initials':
        return String.fromCharCode(65 + random.int(26), 65 + random.int(26));
      case 'title':
        return fill.title ?? '';
      case 'title_lower':
        return (fill.title ?? '').replace(/^\w/, (c) => c.toLowerCase());
      case 'user':
        return fill.user ?? '';
      default:
        return whole;
    }
  });
}

export function tagOf(profile: OrganizationProfile): string {
  return profile.name.replace(/[^A-Za-z0-9]/g, '');
}

/** At most `max` UTF-16 units, cut at a space when there is one, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.lastIndexOf(' ', max - 1);
  if (cut < max * 0.6) cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

interface BrandPattern {
  at: RegExp;
  hash: RegExp;
  dollar: RegExp;
  bare: RegExp;
  length: number;
}

/** Compiled once: the generator rebrands millions of posts. */
function brandPattern(name: string): BrandPattern {
  return {
    at: new RegExp(`@${name}\\b`, 'gi'),
    hash: new RegExp(`#${name}\\b`, 'gi'),
    dollar: new RegExp(`\\$${name}\\b`, 'gi'),
    bare: new RegExp(`\\b${name}(?:'s|’s)?\\b`, 'gi'),
    length: name.length,
  };
}
