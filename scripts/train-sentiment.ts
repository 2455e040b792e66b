/**
 * Trains the sentiment model shipped in src/analytics/sentiment/model.json from ../shared/data.
 *
 *   npx tsx scripts/train-sentiment.ts            # train and write the model
 *   npx tsx scripts/train-sentiment.ts --check    # train and print held-out figures, write nothing
 *
 * Deterministic: a fixed seed splits each language 80/20 (stratified by source and label, with all
 * near-copies of one text on the same side, since retweets repeat) and shuffles the training passes.
 * The model never sees the 20 % part; this script prints its figures and `npm run eval:sentiment`
 * reports them in full.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  denseFeatures,
  DENSE_FEATURES,
  sparseFeatures,
  type SparseFeatures,
} from '../src/analytics/sentiment/features';
import {
  decodeModel,
  logits,
  softmax,
  type LinearModel,
  type SerializedLanguageModel,
  type SerializedModel,
} from '../src/analytics/sentiment/model';
import { analyseLexicon } from '../src/analytics/sentiment/rules';
import { RULES, scoreFromProbabilities, type ScoredLanguage } from '../src/analytics/sentiment/scorer';
import { tokenize } from '../src/analytics/sentiment/tokenize';
import { Random } from '../src/seed/random';

export type Gold = 'negative' | 'neutral' | 'positive';
export const GOLD: readonly Gold[] = ['negative', 'neutral', 'positive'];

export interface Example {
  text: string;
  label: Gold;
  language: ScoredLanguage;
  source: string;
}

export const DATA_DIR = resolve(__dirname, '..', '..', 'shared', 'data');
export const MODEL_PATH = resolve(__dirname, '..', 'src', 'analytics', 'sentiment', 'model.json');
const SEED = 20240611;
const HELD_OUT = 0.2;

function readTsv(file: string, language: ScoredLanguage, source: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(join(DATA_DIR, file), 'utf8').split('\n')) {
    if (line.length === 0) continue;
    const [text, label] = line.split('\t');
    if (text === undefined || (label !== 'negative' && label !== 'neutral' && label !== 'positive')) continue;
    out.push({ text, label, language, source });
  }
  return out;
}

export function loadDevData(): Example[] {
  return [
    ...readTsv('apple_twitter_sentiment.tsv', 'en', 'apple'),
    ...readTsv('sanders_twitter_sentiment.tsv', 'en', 'sanders'),
    ...readTsv('indonlu_smsa_train.tsv', 'id', 'smsa'),
  ];
}

/** The seed generator's PRNG as a function: the same stream on every machine. */
function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Retweets, truncated retweets ("…") and bot posts that differ only in links or handles share this
 * key, so that they cannot sit on both sides of the split and flatter the held-out figures.
 */
export function nearDuplicateKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/\brt\b|@\w+|&\w+;/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .slice(0, 40);
}

/** The fixed 80/20 split; every near-copy of a text lands on the same side. */
export function splitDevData(examples: Example[] = loadDevData()): { train: Example[]; heldOut: Example[] } {
  const random = seededRandom(SEED);
  const groups = new Map<string, Example[]>();
  for (const e of examples) {
    const key = `${e.source}\u0000${nearDuplicateKey(e.text)}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const strata = new Map<string, Example[][]>();
  for (const group of groups.values()) {
    const key = `${group[0]!.source}/${group[0]!.label}`;
    const stratum = strata.get(key);
    if (stratum) stratum.push(group);
    else strata.set(key, [group]);
  }
  const train: Example[] = [];
  const heldOut: Example[] = [];
  for (const key of [...strata.keys()].sort()) {
    const stratum = shuffle(strata.get(key)!, random);
    const cut = Math.round(stratum.length * HELD_OUT);
    stratum.forEach((group, i) => (i < cut ? heldOut : train).push(...group));
  }
  return { train, heldOut };
}

interface Encoded {
  ids: Int32Array;
  values: Float64Array;
  dense: Float64Array;
  label: number;
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  denseL2: number;
  minCount: number;
  seed: number;
}

// English is judged on posts about other brands than the Apple/Google/Microsoft/Twitter tweets it is
// trained on: a strong L2 on the word features keeps it leaning on the rules layer, which raised
// macro-F1 when training on one source and testing on the other (Apple→Sanders 0.52→0.56,
// Sanders→Apple 0.58→0.60) at no cost on its own held-out part. Indonesian is judged on more text like
// its training data, where the words themselves are worth trusting.
export const DEFAULTS: Record<ScoredLanguage, TrainOptions> = {
  en: { epochs: 12, learningRate: 0.08, l2: 0.25, denseL2: 1e-5, minCount: 2, seed: SEED },
  id: { epochs: 12, learningRate: 0.08, l2: 1e-4, denseL2: 1e-5, minCount: 2, seed: SEED },
};

function featuresOf(example: Example): { sparse: SparseFeatures; dense: Float64Array } {
  const rules = RULES[example.language];
  const tokens = tokenize(example.text);
  const lexicon = analyseLexicon(tokens, rules);
  return { sparse: sparseFeatures(tokens, rules), dense: denseFeatures(tokens, lexicon, new Float64Array(DENSE_FEATURES)) };
}

/** Multinomial logistic regression with AdaGrad, L2 and class-balanced weights. */
export function trainLanguage(examples: Example[], options: TrainOptions): LinearModel {
  const featurised = examples.map(featuresOf);
  const counts = new Map<string, number>();
  for (const f of featurised) for (const name of new Set(f.sparse.names)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const names = [...counts].filter(([, c]) => c >= options.minCount).map(([n]) => n).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const classCounts = [0, 0, 0];
  for (const e of examples) classCounts[GOLD.indexOf(e.label)]!++;
  const encoded: Encoded[] = featurised.map((f, i) => {
    const label = GOLD.indexOf(examples[i]!.label);
    const ids: number[] = [];
    const values: number[] = [];
    f.sparse.names.forEach((name, j) => {
      const id = index.get(name);
      if (id === undefined) return;
      ids.push(id);
      values.push(f.sparse.weights[j]!);
    });
    return {
      ids: Int32Array.from(ids),
      values: Float64Array.from(values),
      dense: f.dense,
      label,
      weight: examples.length / (3 * classCounts[label]!),
    };
  });

  const V = names.length;
  const w = new Float64Array(V * 3);
  const gw = new Float64Array(V * 3).fill(1e-8);
  const d = new Float64Array(3 * DENSE_FEATURES);
  const gd = new Float64Array(3 * DENSE_FEATURES).fill(1e-8);
  const b = new Float64Array(3);
  const gb = new Float64Array(3).fill(1e-8);
  const z = new Float64Array(3);
  const random = seededRandom(options.seed);
  const order = encoded.map((_, i) => i);
  const lr = options.learningRate;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const e = encoded[i]!;
      for (let k = 0; k < 3; k++) {
        let s = b[k]!;
        for (let j = 0; j < e.ids.length; j++) s += w[e.ids[j]! * 3 + k]! * e.values[j]!;
        for (let j = 0; j < DENSE_FEATURES; j++) s += d[k * DENSE_FEATURES + j]! * e.dense[j]!;
        z[k] = s;
      }
      softmax(z);
      for (let k = 0; k < 3; k++) {
        const g = (z[k]! - (k === e.label ? 1 : 0)) * e.weight;
        gb[k]! += g * g;
        b[k]! -= (lr * g) / Math.sqrt(gb[k]!);
        for (let j = 0; j < e.ids.length; j++) {
          const o = e.ids[j]! * 3 + k;
          const gg = g * e.values[j]! + options.l2 * w[o]!;
          gw[o]! += gg * gg;
          w[o]! -= (lr * gg) / Math.sqrt(gw[o]!);
        }
        for (let j = 0; j < DENSE_FEATURES; j++) {
          const o = k * DENSE_FEATURES + j;
          const gg = g * e.dense[j]! + options.denseL2 * d[o]!;
          if (gg === 0) continue;
          gd[o]! += gg * gg;
          d[o]! -= (lr * gg) / Math.sqrt(gd[o]!);
        }
      }
    }
  }
  return {
    index,
    weights: Float32Array.from(w),
    dense: d,
    bias: b,
  };
}

/** Keeps features whose weights matter and stores them as int8. */
export function serialize(model: LinearModel, pruneBelow: number): SerializedLanguageModel {
  const kept: string[] = [];
  const values: number[] = [];
  let maxAbs = 0;
  for (const [name, id] of model.index) {
    const a = model.weights[id * 3]!;
    const c = model.weights[id * 3 + 1]!;
    const e = model.weights[id * 3 + 2]!;
    // softmax ignores a constant shift, so centre each triple before judging its size
    const mean = (a + c + e) / 3;
    const centred = [a - mean, c - mean, e - mean];
    if (Math.max(...centred.map(Math.abs)) < pruneBelow) continue;
    kept.push(name);
    values.push(...centred);
    for (const v of centred) maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const scale = maxAbs / 127 || 1;
  const bytes = new Uint8Array(values.length);
  values.forEach((v, i) => (bytes[i] = Math.round(v / scale) & 0xff));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    vocab: kept.join('\n'),
    weights: btoa(binary),
    scale,
    dense: Array.from(model.dense, round),
    bias: Array.from(model.bias, round),
  };
}

export function predictLabel(model: LinearModel, example: Example): Gold {
  const f = featuresOf(example);
  return labelOf(scoreFromProbabilities(softmax(logits(model, f.sparse, f.dense, new Float64Array(3)))));
}

export interface Metrics {
  n: number;
  accuracy: number;
  macroF1: number;
  f1: Record<Gold, number>;
}

export function metrics(gold: readonly Gold[], predicted: readonly Gold[]): Metrics {
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const f1 = {} as Record<Gold, number>;
  for (const c of GOLD) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    f1[c] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return {
    n: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: (f1.negative + f1.neutral + f1.positive) / 3,
    f1,
  };
}

export function labelOf(score: number): Gold {
  return score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
}

function main(): void {
  const check = process.argv.includes('--check');
  const { train, heldOut } = splitDevData();
  const languages: Record<string, SerializedLanguageModel> = {};
  for (const language of ['en', 'id'] as const) {
    const part = train.filter((e) => e.language === language);
    const started = performance.now();
    const model = trainLanguage(part, DEFAULTS[language]);
    const stored = serialize(model, 0.02);
    languages[language] = stored;
    const shipped = decodeModel(stored);
    const test = heldOut.filter((e) => e.language === language);
    const m = metrics(test.map((e) => e.label), test.map((e) => predictLabel(shipped, e)));
    console.log(
      `${language}: trained on ${part.length} texts in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `${shipped.index.size} features kept; held-out accuracy ${m.accuracy.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}`,
    );
  }
  const file: SerializedModel = {
    format: 1,
    description:
      'Multinomial logistic regression over words, negated words, bigrams and rules-layer features; ' +
      'trained by scripts/train-sentiment.ts on 80% of ../shared/data (Apple and Sanders tweets for en, IndoNLU SmSA for id).',
    languages,
  };
  if (check) return;
  const json = JSON.stringify(file);
  writeFileSync(MODEL_PATH, json + '\n');
  console.log(`wrote ${MODEL_PATH} (${(json.length / 1024).toFixed(0)} KiB)`);
}

if (require.main === module) main();
