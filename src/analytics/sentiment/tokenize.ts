/**
 * Turns raw social text into the tokens both the rules layer and the linear model read.
 *
 * Special tokens (never produced from ordinary words, which are lower-case letters and digits):
 *   <url> <user> <cash> <num> <emoji>       noise kept as a signal: links and handles mean news/replies
 *   <emo:VALUE>                             an emoticon or emoji with a known valence, e.g. <emo:2>
 *   . , ! ? ;                               clause punctuation (negation and contrast stop there)
 */
export interface Tokens {
  /** lower-cased, elongations shortened to two letters ("sooooo" → "soo") */
  words: string[];
  /** 1 when the source word was SHOUTED (all caps in mixed-case text) or elongated */
  emphasis: number[];
  /** 1 when the word came from a hashtag */
  hashtag: number[];
  exclamations: number;
  questions: number;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', rsquo: "'", lsquo: "'",
  rdquo: '"', ldquo: '"', ndash: '-', mdash: '-', laquo: '"', raquo: '"',
};

/** Decodes HTML entities, twice at most, because exports often double-escape (`&amp;lt;3`). */
export function decodeEntities(text: string): string {
  let out = text;
  for (let pass = 0; pass < 2 && out.includes('&'); pass++) {
    out = out.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
      if (body[0] === '#') {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
  }
  return out;
}

/** Emoticon valences on the lexicon scale (about −4…4). Matched only as whole space-separated items. */
export const EMOTICONS: Record<string, number> = {
  ':)': 2, ':-)': 2, ':]': 2, '=)': 2, ':o)': 2, '(:': 2, '(-:': 2, ':))': 2.5, ':)))': 2.7, ':-))': 2.5,
  ':d': 2.5, ':-d': 2.5, 'xd': 2.2, '=d': 2.3, ';)': 1.8, ';-)': 1.8, ';d': 2, ':p': 1.3, ':-p': 1.3,
  ';p': 1.3, 'xp': 1.2, ':*': 2, ':-*': 2, '<3': 2.8, '<33': 3, '<333': 3, '^_^': 2.2, '^^': 1.8, '^.^': 2,
  ':3': 1.8, '\\o/': 2.2, 'b)': 1.5, '8)': 1.5, '8-)': 1.5,
  ':(': -2.2, ':-(': -2.2, ':((': -2.6, ':(((': -2.8, '=(': -2.2, '):': -2, ':[': -2, ":'(": -2.5,
  ":'-(": -2.5, ';(': -2.2, 'd:': -2, ':/': -1.2, ':-/': -1.2, ':\\': -1.2, ':s': -1.2, ':|': -0.7,
  ':-|': -0.7, '-_-': -1.3, '-.-': -1.2, 't_t': -2.3, 't.t': -2, ';_;': -2.3, '>:(': -2.8, '>:-(': -2.8,
  '</3': -2.8, ':@': -2.5, 'd=': -1.8, ':c': -1.8, ':o': -0.3, ':-o': -0.3, '=p': 1.3, ';-(': -2.2,
  ';-d': 2, '=-)': 2, '=-(': -2.2, '=-d': 2.3, ';-p': 1.3, '=-p': 1.3,
};

/** Emoji valences (lexicon scale); unknown pictographs become <emoji>. */
export const EMOJI: Record<string, number> = {
  '😀': 2.2, '😃': 2.3, '😄': 2.4, '😁': 2.3, '😆': 2.2, '😅': 0.8, '🤣': 2, '😂': 1.6, '🙂': 1.5,
  '😊': 2.4, '😇': 2, '🥰': 3, '😍': 3, '🤩': 2.8, '😘': 2.5, '😗': 1.5, '😚': 2, '😙': 1.8, '😋': 2.2,
  '😛': 1.3, '😜': 1.5, '🤪': 1.2, '😝': 1.3, '🤗': 2.2, '😎': 2, '🥳': 2.8, '😏': 0.3, '😌': 1.5,
  '😉': 1.8, '👍': 2, '👏': 2.2, '🙌': 2.4, '💪': 1.8, '🙏': 1.5, '👌': 1.8, '✌': 1.5, '🤝': 1.5,
  '❤': 2.8, '🧡': 2.6, '💛': 2.6, '💚': 2.6, '💙': 2.6, '💜': 2.6, '🖤': 1.5, '💕': 2.8, '💖': 2.8,
  '💗': 2.7, '💓': 2.7, '💞': 2.7, '💘': 2.6, '💝': 2.6, '♥': 2.6, '😻': 2.8, '🎉': 2.5, '🎊': 2.4,
  '✨': 1.5, '🌟': 1.8, '⭐': 1.5, '🔥': 1.2, '💯': 1.8, '🏆': 2, '🥇': 2, '✅': 1.2, '☺': 2.2,
  '😐': -0.5, '😑': -0.8, '😶': -0.5, '🙄': -1.8, '😬': -1, '😒': -2, '😔': -2, '😕': -1.5, '🙁': -1.8,
  '☹': -2, '😟': -1.9, '😞': -2.2, '😖': -2.2, '😣': -2, '😩': -2.4, '😫': -2.4, '😤': -2.2,
  '😠': -2.6, '😡': -3, '🤬': -3.2, '😢': -2.3, '😭': -2.4, '😥': -1.9, '😰': -2, '😨': -2, '😱': -2.2,
  '😓': -1.7, '😪': -1.2, '😴': -0.5, '🤢': -2.5, '🤮': -2.8, '🤦': -1.8, '🤷': -0.6, '💔': -2.8,
  '👎': -2.3, '🖕': -3, '💩': -2.2, '😷': -1, '🤒': -1.2, '🤕': -1.5, '☠': -2, '💀': -1, '⚠': -1.2,
  '❌': -1.5, '🚫': -1.5, '😈': -0.8, '👿': -2.2, '🥺': -0.8, '😳': -0.5, '🤔': -0.2, '🆘': -2,
};

function escapeRegExp(text: string): string {
  // in a /u pattern only syntax characters may be escaped, so "-" stays as it is
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// the emoticons, longest first, each letter in both cases (":D", ":d", "XD")
const EMOTICON_SOURCE = Object.keys(EMOTICONS)
  .sort((a, b) => b.length - a.length)
  .map((e) => escapeRegExp(e).replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`))
  .join('|');

// emoticon (a whole whitespace-separated item, so "(8)" or "a:b" stay what they are, or a smiley glued
// to the end of a word, "thanks:)"; the lookahead skips the long alternation at ordinary words), URL,
// handle, hashtag, cashtag, word, pictograph with its modifiers, punctuation run
const TOKEN = new RegExp(
  `((?<!\\S)(?=[^\\p{L}\\p{N}\\s]|[xXdDbBtT8][^\\p{L}\\p{N}\\s]|[xX][dDpP](?!\\S))(?:${EMOTICON_SOURCE})|(?<=[\\p{L}\\p{N}!?.])[:;=]-?[()dDpP])(?!\\S)|(https?:\\/\\/\\S+|www\\.\\S+)|([@＠][\\p{L}\\p{N}_]+)|(#[\\p{L}\\p{N}_]+)|` +
    `(\\$[a-zA-Z]{1,6}\\b)|([\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*(?:-[\\p{L}\\p{N}]+)*)|` +
    `(\\p{Extended_Pictographic}(?:\\u{FE0F}|\\u{200D}|\\p{Emoji_Modifier}|\\p{Extended_Pictographic})*)|([!?.,;…]+)`,
  'gu',
);
const EMOJI_MODIFIERS = /\u{FE0F}|\u{200D}|\p{Emoji_Modifier}/gu;
const ELONGATED = /(\p{L})\1{2,}/gu;
const CAMEL = /[\p{Lu}]?[\p{Ll}]+|[\p{Lu}]+(?![\p{Ll}])|\p{N}+/gu;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
const DIGITS = /^\p{N}+$/u;

/** Shortens runs of three or more equal letters to two: "sooooo" → "soo", "kereeeen" → "kereen". */
export function shortenElongation(word: string): string {
  return word.replace(ELONGATED, '$1$1');
}

function hasTripleLetter(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

function push(out: Tokens, word: string, emphasis: number, hashtag: number): void {
  out.words.push(word);
  out.emphasis.push(emphasis);
  out.hashtag.push(hashtag);
}

function pushWord(out: Tokens, raw: string, mixedCase: boolean, tag: number): void {
  let lower = raw.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  const first = lower.charCodeAt(0);
  if (first >= 48 && first <= 57 && DIGITS.test(lower)) {
    push(out, '<num>', 0, 0);
    return;
  }
  const short = hasTripleLetter(lower) ? shortenElongation(lower) : lower;
  // SHOUTING counts only in text that also has lower case, as in VADER
  const shouted = mixedCase && raw !== lower && raw.length > 1 && !HAS_LOWER.test(raw);
  push(out, short, shouted || short !== lower ? 1 : 0, tag);
}

/** Splits a hashtag body into words: "NeverAgain" → never again, "iOS5" → i os 5; "fail" stays. */
function hashtagParts(body: string): string[] {
  if (!HAS_LOWER.test(body) || !HAS_UPPER.test(body.slice(1))) return [body];
  return body.match(CAMEL) ?? [body];
}

export function tokenize(input: string): Tokens {
  const out: Tokens = { words: [], emphasis: [], hashtag: [], exclamations: 0, questions: 0 };
  if (typeof input !== 'string' || input.length === 0) return out;
  const text = decodeEntities(input.length > 5000 ? input.slice(0, 5000) : input);
  const mixedCase = HAS_LOWER.test(text);
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    if (m[1] !== undefined) {
      const v = EMOTICONS[m[1].toLowerCase()];
      if (v !== undefined) push(out, `<emo:${v}>`, 0, 0);
    } else if (m[2] !== undefined) {
      push(out, '<url>', 0, 0);
    } else if (m[3] !== undefined) {
      push(out, '<user>', 0, 0);
    } else if (m[4] !== undefined) {
      for (const part of hashtagParts(m[4].slice(1))) pushWord(out, part, false, 1);
    } else if (m[5] !== undefined) {
      push(out, '<cash>', 0, 0);
    } else if (m[6] !== undefined) {
      // a leading retweet marker is transport noise, not a word of the post
      if (out.words.length === 0 && (m[6] === 'RT' || m[6] === 'rt') && m.index < 3) continue;
      pushWord(out, m[6], mixedCase, 0);
    } else if (m[7] !== undefined) {
      // a run of emoji counts each one, up to three
      let count = 0;
      for (const emoji of m[7].replace(EMOJI_MODIFIERS, '')) {
        if (count++ === 3) break;
        const v = EMOJI[emoji];
        push(out, v === undefined ? '<emoji>' : `<emo:${v}>`, 0, 0);
      }
    } else if (m[8] !== undefined) {
      const run = m[8];
      let bang = 0;
      let ask = 0;
      for (let i = 0; i < run.length; i++) {
        const c = run.charCodeAt(i);
        if (c === 33) bang++;
        else if (c === 63) ask++;
      }
      out.exclamations += bang;
      out.questions += ask;
      push(out, bang > 0 ? '!' : ask > 0 ? '?' : run[0] === ',' ? ',' : '.', 0, 0);
    }
  }
  return out;
}

/** Valence carried by an emoticon/emoji token, or undefined for any other token. */
export function emoValence(token: string): number | undefined {
  if (token.length > 5 && token.charCodeAt(0) === 60 && token.startsWith('<emo:')) {
    return Number(token.slice(5, -1));
  }
  return undefined;
}
