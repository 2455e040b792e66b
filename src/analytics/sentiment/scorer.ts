import { denseFeatures, DENSE_FEATURES, sparseFeatures } from './features';
import { englishOrIndonesian } from './language-markers';
import { ENGLISH } from './lexicon-en';
import { INDONESIAN } from './lexicon-id';
import { logits, softmax, type LinearModel } from './model';
import { analyseLexicon, type LanguageRules } from './rules';
import { tokenize, type Tokens } from './tokenize';

export type ScoredLanguage = 'en' | 'id';

export const RULES: Record<ScoredLanguage, LanguageRules> = { en: ENGLISH, id: INDONESIAN };

/** Maps a stored language tag to a scored language; null when the scorer has no model of its own for it. */
export function scoredLanguage(language: string | null | undefined): ScoredLanguage | null {
  if (!language) return null;
  const primary = language.trim().toLowerCase().split(/[-_]/)[0];
  switch (primary) {
    case 'en':
    case 'eng':
      return 'en';
    case 'id':
    case 'in': // the pre-1989 ISO code, still sent by some Java/Android stacks
    case 'ind':
    case 'ms': // Malay shares most of its opinion words with Indonesian
    case 'msa':
    case 'zsm':
    case 'may':
      return 'id';
    default:
      return null;
  }
}

function hasContent(tokens: Tokens): boolean {
  for (const word of tokens.words) {
    const c = word.charCodeAt(0);
    // a word, a number-word mix, or an emoticon/emoji with a valence
    if (c !== 60 || word.startsWith('<emo:')) {
      if (c !== 46 && c !== 44 && c !== 33 && c !== 63 && c !== 59) return true;
    }
  }
  return false;
}

/** The rules layer alone: VADER-like compound score for one language. */
export function lexiconScoreOf(tokens: Tokens, language: ScoredLanguage): number {
  return analyseLexicon(tokens, RULES[language]).compound;
}

const dense = new Float64Array(DENSE_FEATURES);
const scratch = new Float64Array(3);

/** Class probabilities (negative, neutral, positive) of one language's model. */
export function probabilitiesOf(tokens: Tokens, language: ScoredLanguage, model: LinearModel, out: Float64Array): Float64Array {
  const rules = RULES[language];
  const lexicon = analyseLexicon(tokens, rules);
  denseFeatures(tokens, lexicon, dense);
  logits(model, sparseFeatures(tokens, rules), dense, scratch);
  softmax(scratch);
  out[0] = scratch[0]!;
  out[1] = scratch[1]!;
  out[2] = scratch[2]!;
  return out;
}

/**
 * A score in [−1, 1] whose label under the ±0.05 neutral band is the most probable class: neutral
 * texts stay inside the band, polar ones go beyond it by how much the winning pole outweighs the other.
 */
export function scoreFromProbabilities(p: ArrayLike<number>): number {
  const negative = p[0]!;
  const neutral = p[1]!;
  const positive = p[2]!;
  let score: number;
  if (neutral >= positive && neutral >= negative) score = 0.045 * (positive - negative);
  else if (positive > negative) score = 0.05 + 0.95 * (positive - negative);
  else score = -0.05 - 0.95 * (negative - positive);
  if (!Number.isFinite(score)) return 0;
  return Math.max(-1, Math.min(1, score));
}

export interface Models {
  en: LinearModel;
  id: LinearModel;
}

const probabilities = new Float64Array(3);

/**
 * Which model reads a post: the given language when it has one; else its frequent words; else the
 * lexicon that knows more of its words; else English, the language of most posts whose language is
 * unknown here (names, hashtags and emoji only).
 */
export function chooseLanguage(tokens: Tokens, language: string | null): ScoredLanguage {
  const given = scoredLanguage(language);
  if (given !== null) return given;
  const byMarkers = englishOrIndonesian(tokens.words);
  if (byMarkers !== null) return byMarkers;
  let en = 0;
  let id = 0;
  for (const word of tokens.words) {
    if (ENGLISH.words.has(word)) en++;
    if (INDONESIAN.words.has(word)) id++;
  }
  return id > en ? 'id' : 'en';
}

export function scoreTokens(tokens: Tokens, language: string | null, models: Models): number {
  if (!hasContent(tokens)) return 0;
  const chosen = chooseLanguage(tokens, language);
  return scoreFromProbabilities(probabilitiesOf(tokens, chosen, models[chosen], probabilities));
}

export function scoreText(text: string, language: string | null, models: Models): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  return scoreTokens(tokenize(text), language, models);
}

/** The rules layer alone, with the same language choice; the baseline the model is measured against. */
export function lexiconScoreText(text: string, language: string | null): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const tokens = tokenize(text);
  if (!hasContent(tokens)) return 0;
  return lexiconScoreOf(tokens, chooseLanguage(tokens, language));
}
