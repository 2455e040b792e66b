import { emoValence, type Tokens } from './tokenize';

/** A language's lexicon and modifier words, as the rules layer reads them. */
export interface LanguageRules {
  words: Map<string, number>;
  /** space-joined multi-word expressions */
  phrases: Map<string, number>;
  negators: Set<string>;
  /** English "n't": any word ending in it negates */
  negatorSuffix: string | null;
  /** words before an opinion word; positive values strengthen, negative soften */
  boosters: Map<string, number>;
  /** words after an opinion word that strengthen it (Indonesian "banget", "sekali") */
  postBoosters: Map<string, number>;
  /** clauses after these count more than those before ("good, but slow") */
  contrast: Set<string>;
  /** suffixes tried when a word is unknown ("enaknya" → "enak") */
  suffixes: string[];
}

export interface LexiconAnalysis {
  /** VADER-style normalised score in (−1, 1) */
  compound: number;
  positive: number;
  negative: number;
  positiveHits: number;
  negativeHits: number;
  negations: number;
  /** summed valence of emoticons and emoji */
  emoticons: number;
  /** opinion expressions found (words, phrases, emoticons) */
  hits: number;
}

// constants of VADER (Hutto & Gilbert 2014), which were fitted on human ratings
const NEGATION_SCALAR = -0.74;
const CAPS_INCREMENT = 0.733;
const EXCLAMATION_INCREMENT = 0.292;
const NORMALISATION_ALPHA = 15;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

interface Phrase {
  words: string[];
  valence: number;
}

const phraseIndexCache = new WeakMap<LanguageRules, Map<string, Phrase[]>>();

function phraseIndex(rules: LanguageRules): Map<string, Phrase[]> {
  let index = phraseIndexCache.get(rules);
  if (index) return index;
  index = new Map();
  for (const [text, valence] of rules.phrases) {
    const words = text.split(' ');
    const list = index.get(words[0]!) ?? [];
    list.push({ words, valence });
    index.set(words[0]!, list);
  }
  // longest first, so "never ever again" wins over "never again"
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  phraseIndexCache.set(rules, index);
  return index;
}

function isBoundary(word: string): boolean {
  const c = word.charCodeAt(0);
  // . , ! ? ; and special tokens like <url> end a negation or booster scope
  return c === 46 || c === 44 || c === 33 || c === 63 || c === 59;
}

const DOUBLES = /(\p{L})\1/gu;

/** The valence of one word, trying the shortened, unsuffixed and unreduplicated forms when unknown. */
export function wordValence(rules: LanguageRules, word: string, elongated: boolean): number | undefined {
  const direct = rules.words.get(word);
  if (direct !== undefined) return direct;
  if (word.charCodeAt(0) === 60) return emoValence(word);
  if (elongated) {
    const single = word.replace(DOUBLES, '$1');
    const v = rules.words.get(single);
    if (v !== undefined) return v;
  }
  for (const suffix of rules.suffixes) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const v = rules.words.get(word.slice(0, -suffix.length));
      if (v !== undefined) return v;
    }
  }
  const dash = word.indexOf('-');
  if (dash > 1) return rules.words.get(word.slice(0, dash));
  return undefined;
}

/**
 * Reads a run-together hashtag as two words: "nothappy" → not + happy, "sofrustrated" → so +
 * frustrated, "epicfail" → epic + fail. Only splits whose second half is an opinion word count.
 */
export function hashtagValence(rules: LanguageRules, word: string): number | undefined {
  for (let cut = word.length - 3; cut >= 2; cut--) {
    const right = rules.words.get(word.slice(cut));
    if (right === undefined) continue;
    const left = word.slice(0, cut);
    if (isNegator(rules, left)) return right * NEGATION_SCALAR;
    const boost = rules.boosters.get(left);
    if (boost !== undefined) return right + (right > 0 ? boost : -boost);
    const leftValence = rules.words.get(left);
    if (leftValence !== undefined) return leftValence + right;
  }
  return undefined;
}

function isNegator(rules: LanguageRules, word: string): boolean {
  return rules.negators.has(word) || (rules.negatorSuffix !== null && word.endsWith(rules.negatorSuffix));
}

/**
 * The rules layer: lexicon valences with negation, boosters, SHOUTING and elongation, contrast,
 * exclamation marks and multi-word expressions, summed and squashed like VADER's compound score.
 */
export function analyseLexicon(tokens: Tokens, rules: LanguageRules): LexiconAnalysis {
  const { words, emphasis } = tokens;
  const n = words.length;
  const phrases = phraseIndex(rules);
  let contrastAt = -1;
  for (let i = 0; i < n; i++) if (rules.contrast.has(words[i]!)) contrastAt = i;

  let positive = 0;
  let negative = 0;
  let positiveHits = 0;
  let negativeHits = 0;
  // the clause after a contrast word ("but", "tapi") weighs more than the one before it
  const tally = (valence: number, at: number) => {
    const v = contrastAt >= 0 ? valence * (at < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST) : valence;
    if (v > 0) {
      positive += v;
      positiveHits++;
    } else {
      negative -= v;
      negativeHits++;
    }
  };
  let negations = 0;
  let emoticons = 0;
  let consumedUntil = -1;
  // words of an earlier multi-word expression ("never again") are not modifiers of later words
  let phraseUntil = -1;
  for (let i = 0; i < n; i++) {
    if (i <= consumedUntil) continue;
    const word = words[i]!;
    let valence: number | undefined;
    let end = i;
    const candidates = phrases.get(word);
    if (candidates) {
      for (const phrase of candidates) {
        const len = phrase.words.length;
        if (i + len > n) continue;
        let match = true;
        for (let k = 1; k < len; k++) {
          if (words[i + k] !== phrase.words[k]) {
            match = false;
            break;
          }
        }
        if (match) {
          valence = phrase.valence;
          end = i + len - 1;
          break;
        }
      }
    }
    if (valence === undefined) {
      if (rules.boosters.has(word) || isNegator(rules, word)) continue;
      valence = wordValence(rules, word, emphasis[i] === 1);
      if (valence === undefined && tokens.hashtag[i] === 1 && word.length >= 6) valence = hashtagValence(rules, word);
    }
    if (valence === undefined || valence === 0) continue;
    const modifiersFrom = phraseUntil;
    consumedUntil = end;
    if (end > i) phraseUntil = end;
    const sign = valence > 0 ? 1 : -1;

    let v = valence;
    if (word.charCodeAt(0) === 60) {
      // emoticons and emoji say how the writer feels; words around them do not turn them around
      emoticons += valence;
      tally(v, i);
      continue;
    }
    if (emphasis[i] === 1) v += sign * CAPS_INCREMENT;
    // boosters and negators up to three words back, not across punctuation or a contrast word
    let negated = false;
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      const prev = words[i - k]!;
      if (isBoundary(prev) || rules.contrast.has(prev) || i - k <= modifiersFrom) break;
      const boost = rules.boosters.get(prev);
      if (boost !== undefined) v += sign * boost * (1 - 0.05 * (k - 1)) * (emphasis[i - k] === 1 ? 1.5 : 1);
      else if (isNegator(rules, prev)) negated = !negated;
    }
    for (let k = 1; k <= 2 && end + k < n; k++) {
      const next = words[end + k]!;
      const boost = rules.postBoosters.get(next);
      if (boost === undefined) break;
      v += sign * boost;
      // "jelek parah": parah strengthens jelek here and is not scored again as a word of its own
      consumedUntil = end + k;
    }
    if (negated) {
      v *= NEGATION_SCALAR;
      negations++;
    }
    tally(v, i);
  }

  let sum = positive - negative;
  if (sum !== 0 && tokens.exclamations > 0) {
    sum += (sum > 0 ? 1 : -1) * Math.min(4, tokens.exclamations) * EXCLAMATION_INCREMENT;
  }
  const compound = sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA);
  return {
    compound: Number.isFinite(compound) ? compound : 0,
    positive,
    negative,
    positiveHits,
    negativeHits,
    negations,
    emoticons,
    hits: positiveHits + negativeHits,
  };
}
