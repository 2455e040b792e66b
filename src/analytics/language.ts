import { detectAll } from 'tinyld';
import { markerCounts } from './sentiment/language-markers';
import { tokenize } from './sentiment/tokenize';

const LETTER = /\p{L}/u;
const LATIN = /^[a-z\u00C0-\u024F'’-]+$/;

// languages tinyld knows but that no real post here is written in; left out, they stop short English
// being taken for Latin, Esperanto, Volapük or Klingon
const PLAUSIBLE = [
  'af', 'am', 'ar', 'be', 'bg', 'bn', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fa', 'fi', 'fr', 'ga',
  'gu', 'he', 'hi', 'hu', 'hy', 'id', 'is', 'it', 'ja', 'kk', 'km', 'kn', 'ko', 'lt', 'lv', 'mk', 'mn',
  'my', 'nl', 'no', 'pl', 'pt', 'ro', 'ru', 'sk', 'sr', 'sv', 'ta', 'te', 'th', 'tl', 'tr', 'uk', 'ur',
  'vi', 'zh',
];

/**
 * ISO 639-1 code of the language a post is written in, or null when it cannot be told (no words,
 * or nothing that points to one language).
 *
 * English and Indonesian, the languages most posts here are in, are recognised first by their
 * frequent words, which short posts almost always contain and which a character-n-gram detector
 * handles poorly at tweet length. Other text goes to tinyld, without links, handles and hashtag marks.
 */
export function detectLanguage(text: string): string | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const words: string[] = [];
  let latin = 0;
  for (const word of tokenize(text).words) {
    if (word.charCodeAt(0) === 60 || !LETTER.test(word)) continue;
    words.push(word);
    if (LATIN.test(word)) latin++;
  }
  if (words.length === 0) return null;

  const { en, id, other } = markerCounts(words);
  const hint = en > id && en > other ? 'en' : id > en && id > other ? 'id' : null;
  // in Latin script, frequent words of English or Indonesian and none of the other languages we
  // know settle it; tinyld takes short Indonesian for Polish or Lithuanian too often
  if (latin * 2 > words.length && hint !== null) {
    if (other === 0 || Math.max(en, id) >= 2 * other + 2) return hint;
  }

  const best = detectAll(words.join(' '), { only: PLAUSIBLE })[0];
  if (!best || best.lang === '') return hint;
  if (hint !== null && best.accuracy < 0.5) return hint;
  return best.lang;
}
