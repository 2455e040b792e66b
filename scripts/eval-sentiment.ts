/**
 * `npm run eval:sentiment`: the shipped sentiment model and the rules layer alone, on the held-out
 * 20 % of ../shared/data that scripts/train-sentiment.ts never trains on, per language; then the
 * language detector on the same texts.
 */
import { detectLanguage } from '../src/analytics/language';
import { scoreSentiment, scoreSentimentLexicon } from '../src/analytics/sentiment';
import { GOLD, labelOf, metrics, splitDevData, type Example } from './train-sentiment';

const MIN_TIMED_TEXTS = 100_000;

/** Texts per second on this thread, over at least MIN_TIMED_TEXTS texts after a warm-up pass. */
function throughput(texts: readonly string[], score: (text: string) => number): number {
  let sink = 0;
  for (const text of texts) sink += score(text);
  const rounds = Math.max(1, Math.ceil(MIN_TIMED_TEXTS / texts.length));
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const text of texts) sink += score(text);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (Number.isNaN(sink)) throw new Error('a score was NaN');
  return (rounds * texts.length) / seconds;
}

function report(name: string, examples: readonly Example[], score: (text: string) => number): void {
  const m = metrics(
    examples.map((e) => e.label),
    examples.map((e) => labelOf(score(e.text))),
  );
  const rate = throughput(
    examples.map((e) => e.text),
    score,
  );
  const perClass = GOLD.map((c) => `${c} ${m.f1[c].toFixed(3)}`).join('  ');
  console.log(
    `  ${name.padEnd(34)} accuracy ${m.accuracy.toFixed(3)}  macro-F1 ${m.macroF1.toFixed(3)}  ` +
      `F1: ${perClass}  ${Math.round(rate).toLocaleString('en-US')} texts/s`,
  );
}

function main(): void {
  const { heldOut } = splitDevData();
  for (const language of ['en', 'id'] as const) {
    const part = heldOut.filter((e) => e.language === language);
    const sources = [...new Set(part.map((e) => e.source))].join(' + ');
    const counts = GOLD.map((c) => `${c} ${part.filter((e) => e.label === c).length}`).join(', ');
    console.log(`${language}: ${part.length} held-out texts (${sources}; ${counts})`);
    report('model (language given)', part, (t) => scoreSentiment(t, language));
    report('model (language null)', part, (t) => scoreSentiment(t, null));
    report('lexicon baseline (language given)', part, (t) => scoreSentimentLexicon(t, language));
    if (language === 'en') {
      for (const source of new Set(part.map((e) => e.source))) {
        report(`model, ${source} only`, part.filter((e) => e.source === source), (t) => scoreSentiment(t, language));
      }
    }
  }

  console.log('language detection on the same held-out texts:');
  for (const language of ['en', 'id'] as const) {
    const texts = heldOut.filter((e) => e.language === language).map((e) => e.text);
    const answers = new Map<string, number>();
    for (const text of texts) {
      const got = detectLanguage(text) ?? 'null';
      answers.set(got, (answers.get(got) ?? 0) + 1);
    }
    const right = answers.get(language) ?? 0;
    const rate = throughput(texts, (t) => (detectLanguage(t) === language ? 1 : 0));
    const wrong = [...answers].filter(([k]) => k !== language).sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(
      `  ${language}: ${right}/${texts.length} = ${((100 * right) / texts.length).toFixed(2)} %  ` +
        `${Math.round(rate).toLocaleString('en-US')} texts/s  others: ${wrong.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    );
  }
}

main();
