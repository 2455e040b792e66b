import { scoreTask, type ScoringResult, type ScoringTask } from './score-texts';

/** Piscina's entry point: one chunk of a batch's texts, scored on this worker thread. */
export default function score(task: ScoringTask): Promise<ScoringResult> {
  return scoreTask(task);
}
