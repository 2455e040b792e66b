import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export type Tone = 'positive' | 'neutral' | 'negative';
export type Lang = 'en' | 'id';

export interface BrandText {
  text: string;
  /** Which brand the post was about (apple, google, microsoft, twitter), for name substitution. */
  brand: string;
}

/** Real posts the generator draws its text from, by language and labelled tone. */
export interface Corpus {
  source: 'files' | 'built-in';
  /** Why the built-in templates were used, for the script to print. */
  note: string | null;
  en: Record<Tone, BrandText[]>;
  id: Record<Tone, string[]>;
  /** CrisisLexT26 posts related to a crisis, by event type (Floods, Explosion, Derailment…). */
  crisis: Map<string, string[]>;
  /** CrisisLexT26 posts from media accounts, by event type: headline-like text for NEWS mentions. */
  crisisMedia: Map<string, string[]>;
}

export const CORPUS_FILES = {
  apple: 'apple_twitter_sentiment.tsv',
  sanders: 'sanders_twitter_sentiment.tsv',
  smsa: 'indonlu_smsa_train.tsv',
  crisislex: 'crisislex_t26.csv',
} as const;

/** `../shared/data` relative to the project root, where the development data sets live. */
export function defaultCorpusDirectory(projectRoot: string): string {
  return path.resolve(projectRoot, '..', 'shared', 'data');
}

/**
 * Reads the labelled data sets once (about 11 MB). Files are read in full because they are small and
 * fixed; the generated mentions themselves are never held in memory. When the folder or a file is
 * missing, built-in templates take their place and `note` says so.
 */
export function loadCorpus(directory: string | null): Corpus {
  const missing = directory === null ? ['the data folder'] : Object.values(CORPUS_FILES).filter((file) => !existsSync(path.join(directory, file)));
  if (directory === null || missing.length > 0) {
    return {
      ...builtInCorpus(),
      note:
        directory === null
          ? 'no data folder given: using built-in text templates instead of real posts.'
          : `${missing.join(', ')} not found in ${directory}: using built-in text templates instead of real posts.`,
    };
  }
  const en = emptyTones<BrandText>();
  for (const [text, label] of tsv(path.join(directory, CORPUS_FILES.apple))) {
    if (text && isTone(label)) en[label].push({ text, brand: 'apple' });
  }
  for (const [text, label, brand] of tsv(path.join(directory, CORPUS_FILES.sanders))) {
    if (text && isTone(label)) en[label].push({ text, brand: brand ?? 'apple' });
  }
  const id = emptyTones<string>();
  for (const [text, label] of tsv(path.join(directory, CORPUS_FILES.smsa))) {
    if (text && isTone(label)) id[label].push(text);
  }
  const crisis = new Map<string, string[]>();
  const crisisMedia = new Map<string, string[]>();
  const rows: Array<Record<string, string>> = parse(readFileSync(path.join(directory, CORPUS_FILES.crisislex)), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
  });
  for (const row of rows) {
    const type = row.event_type;
    const text = row.text?.trim();
    if (!type || !text || !row.informativeness?.startsWith('Related')) continue;
    push(crisis, type, text);
    if (row.information_source === 'Media') push(crisisMedia, type, text);
  }
  return { source: 'files', note: null, en, id, crisis, crisisMedia };
}

function tsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/\r$/, '').split('\t'));
}

function isTone(label: string | undefined): label is Tone {
  return label === 'positive' || label === 'neutral' || label === 'negative';
}

function emptyTones<T>(): Record<Tone, T[]> {
  return { positive: [], neutral: [], negative: [] };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Enough variety for a demo when ../shared/data is absent; {brand}, {product}, {handle} are filled in later. */
function builtInCorpus(): Omit<Corpus, 'note'> {
  const en = emptyTones<BrandText>();
  const apple = (texts: string[]) => texts.map((text) => ({ text, brand: 'apple' }));
  en.positive.push(
    ...apple([
      'Really impressed with Apple today, the new update is smooth and fast',
      'Shout out to @apple support, they sorted my problem in ten minutes! Great service',
      'Loving my new iPhone, best purchase this year :)',
      'Apple keeps getting better. Happy customer here #apple',
      'The staff at the Apple store were so friendly and helpful today',
      'Thanks @apple for the quick refund, much appreciated',
    ]),
  );
  en.neutral.push(
    ...apple([
      'Apple announces quarterly results next Tuesday #AAPL',
      'Anyone know if Apple is open on Sunday?',
      'Reading about the new Apple pricing plans http://example.com/news',
      'Apple to open a new office in Jakarta next year',
      'Waiting in line at the Apple store, 20 people ahead of me',
      'Does @apple have a student discount this month?',
    ]),
  );
  en.negative.push(
    ...apple([
      'Worst customer service ever @apple, on hold for 2 hours and nobody answers',
      'My iPhone keeps crashing after the update. Thanks for nothing Apple #fail',
      'Apple charged me twice and still no refund. Never again',
      'So disappointed with Apple, the app is down again',
      '@apple why is everything so slow today?? Fix it!',
      'Cancelled my order with Apple after three delays, terrible',
    ]),
  );
  const id = emptyTones<string>();
  id.positive.push(
    'pelayanan nya sangat ramah dan cepat , puas sekali !',
    'mantap , aplikasi ini makin bagus dan mudah dipakai',
    'terima kasih atas bantuan nya , masalah saya langsung beres',
    'harga terjangkau dan kualitas bagus , recommended',
    'senang sekali dengan layanan hari ini , sukses terus',
  );
  id.neutral.push(
    'ada yang tahu jam buka kantor cabang hari minggu ?',
    'besok ada promo baru katanya , mau coba lihat dulu',
    'lagi antre di loket , masih ada sepuluh orang lagi',
    'info dong cara ganti nomor telepon di aplikasi',
    'hari ini ada pengumuman resmi soal tarif baru',
  );
  id.negative.push(
    'pelayanan buruk sekali , sudah dua jam menunggu tidak ada kejelasan',
    'kecewa berat , uang belum dikembalikan sampai sekarang',
    'aplikasi nya error terus dari pagi , tolong diperbaiki',
    'parah , sudah komplain berkali-kali tidak ada tanggapan',
    'tidak akan pakai lagi , mengecewakan',
  );
  const crisis = new Map<string, string[]>([
    ['Floods', ['Flooding closes main roads in the city centre, avoid the area', 'Water levels still rising near the river, evacuation under way']],
    ['Explosion', ['Huge explosion reported at the plant, smoke visible for miles', 'Residents near the explosion site told to stay indoors']],
    ['Derailment', ['Train derailed near the station, emergency services on scene', 'Passengers evacuated after the derailment, injuries reported']],
    ['Typhoon', ['Typhoon makes landfall, flights and ferries suspended', 'Strong winds and heavy rain as the typhoon passes']],
    ['Wildfire', ['Wildfire spreading fast, new evacuation orders issued', 'Smoke from the wildfire closes the highway']],
    ['Earthquake', ['Strong earthquake felt across the region, buildings evacuated', 'Aftershocks continue after this morning’s earthquake']],
    ['Haze', ['Haze levels unhealthy today, PSI above 300', 'Schools closed because of the haze']],
  ]);
  return { source: 'built-in', en, id, crisis, crisisMedia: crisis };
}
