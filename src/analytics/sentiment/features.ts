import type { LanguageRules, LexiconAnalysis } from './rules';
import type { Tokens } from './tokenize';

/** Number of dense features that denseFeatures() writes; the model file stores as many weights. */
export const DENSE_FEATURES = 11;

function isSkippable(word: string): boolean {
  const c = word.charCodeAt(0);
  return c === 46 || c === 44 || c === 59; // . , ;
}

function isBoundary(word: string): boolean {
  const c = word.charCodeAt(0);
  return c === 46 || c === 44 || c === 33 || c === 63 || c === 59;
}

export interface SparseFeatures {
  names: string[];
  /** per name: 0.5 before the last contrast word ("but", "tapi"), 1.5 after it, else 1 */
  weights: number[];
}

/**
 * Sparse features of the linear model: words, words in the scope of a negation (prefixed "~"),
 * and bigrams, weighted like the rules layer weights the clauses around a contrast. Training and
 * scoring call this same function, so they cannot drift apart.
 */
export function sparseFeatures(tokens: Tokens, rules: LanguageRules): SparseFeatures {
  const { words } = tokens;
  const names: string[] = [];
  const weights: number[] = [];
  let contrastAt = -1;
  for (let i = 0; i < words.length; i++) if (rules.contrast.has(words[i]!)) contrastAt = i;
  let negatedFor = 0;
  let previous = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const weight = contrastAt < 0 ? 1 : i < contrastAt ? 0.5 : 1.5;
    if (isBoundary(word)) {
      negatedFor = 0;
      if (!isSkippable(word)) {
        names.push(word);
        weights.push(weight);
      }
      previous = '';
      continue;
    }
    const negator = rules.negators.has(word) || (rules.negatorSuffix !== null && word.endsWith(rules.negatorSuffix));
    names.push(negatedFor > 0 ? '~' + word : word);
    weights.push(weight);
    if (previous !== '') {
      names.push(previous + ' ' + word);
      weights.push(weight);
    }
    previous = word;
    if (negator) negatedFor = 3;
    else if (negatedFor > 0) negatedFor--;
  }
  return { names, weights };
}

/** Dense features from the rules layer, roughly in [−1, 1]; they carry the lexicon into the model. */
export function denseFeatures(tokens: Tokens, lexicon: LexiconAnalysis, out: Float64Array): Float64Array {
  out[0] = lexicon.compound;
  out[1] = Math.tanh(lexicon.positive / 3);
  out[2] = Math.tanh(lexicon.negative / 3);
  out[3] = lexicon.positiveHits > 0 ? 1 : 0;
  out[4] = lexicon.negativeHits > 0 ? 1 : 0;
  out[5] = lexicon.negations > 0 ? 1 : 0;
  out[6] = tokens.questions > 0 ? 1 : 0;
  out[7] = tokens.exclamations > 0 ? 1 : 0;
  out[8] = Math.min(1, tokens.words.length / 40);
  out[9] = lexicon.hits === 0 ? 1 : 0;
  out[10] = Math.tanh(lexicon.emoticons / 2);
  return out;
}
