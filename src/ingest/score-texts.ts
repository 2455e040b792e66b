import { detectLanguage } from '../analytics/language';
import { scoreSentiment } from '../analytics/sentiment';
import { eventLoopSlices } from './event-loop-slices';

/** The texts of a batch whose language or sentiment the client left out, in one column each. */
export interface ScoringTask {
  texts: string[];
  /** the given language, or null to detect it */
  languages: Array<string | null>;
  /** whether to compute the sentiment (false: the client gave one) */
  scoreSentiment: boolean[];
}

export interface ScoringResult {
  languages: Array<string | null>;
  /** NaN where no sentiment was asked for */
  sentiments: Float64Array;
}

const YIELD_EVERY_MS = 8;

/** Scores a task where it is called, handing the event loop back every few milliseconds. */
export async function scoreTask(task: ScoringTask, yieldToLoop = false): Promise<ScoringResult> {
  const languages: Array<string | null> = new Array(task.texts.length);
  const sentiments = new Float64Array(task.texts.length).fill(Number.NaN);
  const pause = yieldToLoop ? eventLoopSlices(YIELD_EVERY_MS) : () => undefined;
  for (let i = 0; i < task.texts.length; i++) {
    const text = task.texts[i]!;
    const language = task.languages[i] ?? detectLanguage(text);
    languages[i] = language;
    if (task.scoreSentiment[i]) sentiments[i] = scoreSentiment(text, language);
    const paused = pause();
    if (paused) await paused;
  }
  return { languages, sentiments };
}
