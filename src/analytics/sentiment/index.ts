import { decodeModel, type SerializedModel } from './model';
import { lexiconScoreText, scoreText, type Models } from './scorer';
import stored from './model.json';

export { scoredLanguage, type ScoredLanguage } from './scorer';

const file = stored as SerializedModel;

function load(language: 'en' | 'id') {
  const model = file.languages[language];
  if (!model) throw new Error(`sentiment model.json has no "${language}" model; run scripts/train-sentiment.ts`);
  return decodeModel(model);
}

const MODELS: Models = { en: load('en'), id: load('id') };

/**
 * Sentiment of a post in [−1, 1] for the ±0.05 neutral band of labelForSentiment: below −0.05
 * negative, from 0.05 positive, else neutral. English and Indonesian have models of their own
 * ('ms' is read as Indonesian); for null or any other language the post's frequent words decide
 * which model reads it (see chooseLanguage). Empty text, or text with no words or emoji, scores 0.
 */
export function scoreSentiment(text: string, language: string | null): number {
  return scoreText(text, language, MODELS);
}

/** The rules layer alone (lexicon, negation, boosters, contrast, emoji): the baseline of the model. */
export function scoreSentimentLexicon(text: string, language: string | null): number {
  return lexiconScoreText(text, language);
}
