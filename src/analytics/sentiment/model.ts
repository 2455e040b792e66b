import { DENSE_FEATURES, type SparseFeatures } from './features';

/** Class order of every weight triple and probability vector. */
export const CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof CLASSES)[number];

/** One language's multinomial logistic regression as stored in model.json. */
export interface SerializedLanguageModel {
  /** feature names joined by "\n" */
  vocab: string;
  /** base64 of int8 weights, three per feature (negative, neutral, positive); weight = value × scale */
  weights: string;
  scale: number;
  /** 3 × DENSE_FEATURES weights, class-major */
  dense: number[];
  bias: number[];
}

export interface SerializedModel {
  format: 1;
  description: string;
  languages: Record<string, SerializedLanguageModel>;
}

/** A model ready to score: feature index and float weights. */
export interface LinearModel {
  index: Map<string, number>;
  weights: Float32Array;
  dense: Float64Array;
  bias: Float64Array;
}

function decodeBase64(text: string): Int8Array {
  const binary = atob(text);
  const out = new Int8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = (binary.charCodeAt(i) << 24) >> 24;
  return out;
}

export function decodeModel(stored: SerializedLanguageModel): LinearModel {
  const names = stored.vocab.length === 0 ? [] : stored.vocab.split('\n');
  const quantised = decodeBase64(stored.weights);
  if (quantised.length !== names.length * 3 || stored.dense.length !== 3 * DENSE_FEATURES) {
    throw new Error('sentiment model file does not match the feature layout of this code');
  }
  const weights = new Float32Array(quantised.length);
  for (let i = 0; i < quantised.length; i++) weights[i] = quantised[i]! * stored.scale;
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i]!, i);
  return {
    index,
    weights,
    dense: Float64Array.from(stored.dense),
    bias: Float64Array.from(stored.bias),
  };
}

/** Logits of the three classes. */
export function logits(model: LinearModel, sparse: SparseFeatures, dense: Float64Array, out: Float64Array): Float64Array {
  out[0] = model.bias[0]!;
  out[1] = model.bias[1]!;
  out[2] = model.bias[2]!;
  const w = model.weights;
  const { names, weights } = sparse;
  for (let i = 0; i < names.length; i++) {
    const id = model.index.get(names[i]!);
    if (id === undefined) continue;
    const o = id * 3;
    const x = weights[i]!;
    out[0] += w[o]! * x;
    out[1] += w[o + 1]! * x;
    out[2] += w[o + 2]! * x;
  }
  const d = model.dense;
  for (let j = 0; j < DENSE_FEATURES; j++) {
    const x = dense[j]!;
    if (x === 0) continue;
    out[0] += d[j]! * x;
    out[1] += d[DENSE_FEATURES + j]! * x;
    out[2] += d[2 * DENSE_FEATURES + j]! * x;
  }
  return out;
}

/** Softmax in place. */
export function softmax(values: Float64Array): Float64Array {
  const max = Math.max(values[0]!, values[1]!, values[2]!);
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    values[k] = Math.exp(values[k]! - max);
    sum += values[k]!;
  }
  for (let k = 0; k < 3; k++) values[k] = values[k]! / sum;
  return values;
}
