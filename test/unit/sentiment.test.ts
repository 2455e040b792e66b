import { describe, expect, it } from 'vitest';
import { labelForSentiment } from '../../src/analytics/sentiment-label';
import { scoreSentiment, scoreSentimentLexicon, scoredLanguage } from '../../src/analytics/sentiment';
import { labelOf, metrics, splitDevData } from '../../scripts/train-sentiment';

const label = (text: string, language: string | null = 'en') => labelForSentiment(scoreSentiment(text, language));
const rules = (text: string, language: string | null = 'en') => scoreSentimentLexicon(text, language);

describe('scoreSentiment', () => {
  it.each([
    ['', 'en'],
    ['', null],
    ['   \n\t ', null],
    ['!!! ??? ...', 'en'],
    ['http://t.co/abc123', null],
    ['@united @JetBlue', 'en'],
    ['RT', 'en'],
    ['12345 678', 'id'],
    ['&amp;&lt;&gt;', 'en'],
  ])('scores %j (%s) as exactly 0', (text, language) => {
    expect(scoreSentiment(text, language)).toBe(0);
  });

  it('stays finite and within [-1, 1] for messy, huge and odd input', () => {
    const inputs = [
      'a',
      '😡'.repeat(500),
      '❤️'.repeat(500),
      'good '.repeat(5000),
      'not '.repeat(3000) + 'bad',
      'terrible awful worst '.repeat(300),
      'Â\u00a0CafÃ© #VerrÃ_cktes itÂ´s 36Â°',
      '&#0; &#x110000; &#99999999; &bogus; &amp;amp;lt;3',
      '\u0000\uFFFF\uD800 lone surrogate',
      'ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ ＠ｕｓｅｒ',
      'Землетрясение в Италии, есть жертвы',
      '東日本大震災の被害',
      'sooooooooooooooooooooooooooooooooo goooooooooooooood!!!!!!!!!!!!!!!!',
      'but but but tapi namun however',
      '#',
      '@',
      ':):(:D<3</3',
    ];
    for (const text of inputs) {
      for (const language of ['en', 'id', null, 'xx', 'EN-us', '']) {
        const score = scoreSentiment(text, language);
        expect(Number.isFinite(score), `${text.slice(0, 30)} / ${language}`).toBe(true);
        expect(Math.abs(score)).toBeLessThanOrEqual(1);
        const base = scoreSentimentLexicon(text, language);
        expect(Number.isFinite(base)).toBe(true);
        expect(Math.abs(base)).toBeLessThanOrEqual(1);
      }
    }
  });

  it.each([
    ['This phone is good', 'This phone is not good', 'en'],
    ['I love the new update', "I don't love the new update", 'en'],
    ['The service was helpful', 'The service was never helpful', 'en'],
    ['makanan nya enak', 'makanan nya tidak enak', 'id'],
    ['pelayanan nya bagus', 'pelayanan nya gak bagus', 'id'],
    ['hasilnya memuaskan', 'hasilnya belum memuaskan', 'id'],
    ['tempat ini nyaman', 'tempat ini bukan tempat yang nyaman', 'id'],
  ])('negation turns %j positive and %j negative', (plain, negated, language) => {
    expect(label(plain, language)).toBe('POSITIVE');
    expect(label(negated, language)).toBe('NEGATIVE');
    expect(rules(negated, language)).toBeLessThan(0);
  });

  it.each([
    ['good', 'very good', 'en'],
    ['bad', 'extremely bad', 'en'],
    ['helpful', 'really really helpful', 'en'],
    ['this is great', 'this is GREAT', 'en'],
    ['bagus', 'sangat bagus', 'id'],
    ['enak', 'enak banget', 'id'],
    ['jelek', 'jelek sekali', 'id'],
  ])('an intensifier makes %j stronger as %j', (plain, intensified, language) => {
    expect(Math.abs(rules(intensified, language))).toBeGreaterThan(Math.abs(rules(plain, language)));
    expect(Math.sign(rules(intensified, language))).toBe(Math.sign(rules(plain, language)));
  });

  it('a softener makes a word weaker', () => {
    expect(rules('slightly good')).toBeLessThan(rules('good'));
    expect(rules('agak bagus', 'id')).toBeLessThan(rules('bagus', 'id'));
  });

  it.each([
    ['The camera is great but the battery life is terrible', 'NEGATIVE', 'en'],
    ['The battery life is terrible but the camera is great', 'POSITIVE', 'en'],
    ['Flight was delayed, however the crew were amazing and so helpful', 'POSITIVE', 'en'],
    ['tempatnya bagus tapi makanan nya mengecewakan', 'NEGATIVE', 'id'],
    ['harga nya mahal tapi rasanya enak sekali', 'POSITIVE', 'id'],
    ['pelayanan ramah namun makanan nya hambar dan dingin', 'NEGATIVE', 'id'],
  ])('after a contrast the second clause decides: %j is %s', (text, expected, language) => {
    expect(label(text, language)).toBe(expected);
  });

  it.each([
    ['my new phone 😍', 'POSITIVE'],
    ['just landed 🎉🎉', 'POSITIVE'],
    ['got my order :)', 'POSITIVE'],
    ['finally home :D', 'POSITIVE'],
    ['my order arrived 😡', 'NEGATIVE'],
    ['the app again 🤬', 'NEGATIVE'],
    ['battery at 5% :(', 'NEGATIVE'],
    ['that update </3', 'NEGATIVE'],
  ])('reads emoji and emoticons: %j is %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('reads a smiley glued to the end of a word', () => {
    expect(label('got my refund already, thanks:)')).toBe('POSITIVE');
    expect(label('my flight got moved again:(')).toBe('NEGATIVE');
  });

  it('negation does not turn an emoticon around', () => {
    expect(label('my keyboard will not type :(')).toBe('NEGATIVE');
  });

  it('decodes HTML entities before scoring', () => {
    expect(label('I &lt;3 my new phone')).toBe('POSITIVE');
    expect(scoreSentiment('Tom &amp; Jerry are here', 'en')).toBe(scoreSentiment('Tom & Jerry are here', 'en'));
    expect(scoreSentiment('rain &amp;amp; wind', 'en')).toBe(scoreSentiment('rain & wind', 'en'));
  });

  it.each([
    ['#NeverAgain', 'NEGATIVE'],
    ['@airline #fail', 'NEGATIVE'],
    ['flight today #nothappy', 'NEGATIVE'],
    ['#LoveIt', 'POSITIVE'],
    ['new phone #awesome', 'POSITIVE'],
  ])('reads hashtags: %j is %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('treats elongated words as the word, emphasised', () => {
    expect(label('sooooo goooood')).toBe('POSITIVE');
    expect(label('this is baaaaad')).toBe('NEGATIVE');
    expect(rules('goooood')).toBeGreaterThan(rules('good'));
    expect(label('enaaaak bangeeet', 'id')).toBe('POSITIVE');
  });

  it.each([
    '@united flight delayed 3 hours and no one at the gate can tell us anything',
    '@AmericanAir my flight was cancelled and now you want me to wait a week for a refund',
    'on hold with customer service for 2 hours. still waiting',
    'Lost my luggage again. Never again.',
    'the site is down again, third outage this week',
    '@delta stuck on the tarmac for 90 minutes with no updates',
    'still no refund after 6 weeks @SouthwestAir',
    'missed my connection because of your delay, stranded overnight',
    'the app keeps crashing after the update, completely unusable',
    'worst customer service ever, rude agent hung up on me',
    'power outage across the city, no electricity since 6am',
  ])('reads the vocabulary of complaints and outages: %j is negative', (text) => {
    expect(label(text, 'en')).toBe('NEGATIVE');
    expect(label(text, null)).toBe('NEGATIVE');
  });

  it.each([
    '@JetBlue thank you for the great service today!',
    'Crew was amazing, smooth flight and landed early',
    'kudos to the support team, issue resolved in minutes',
  ])('reads praise: %j is positive', (text) => {
    expect(label(text, 'en')).toBe('POSITIVE');
  });

  it.each([
    '@united can I change my flight to tomorrow morning?',
    'Apple to hold its next event on March 9 http://t.co/abc',
    'RT @AmericanAir: Our new route to Lisbon starts in May',
  ])('leaves plain information neutral: %j', (text) => {
    expect(label(text, 'en')).toBe('NEUTRAL');
  });

  it.each([
    ['makanan nya enak sekali , pelayanan ramah', 'POSITIVE'],
    ['tempatnya nyaman dan bersih , pasti kembali lagi', 'POSITIVE'],
    ['mantap gan , barang sampai dengan cepat', 'POSITIVE'],
    ['pelayanan lambat dan kasar , sangat kecewa', 'NEGATIVE'],
    ['pesawat delay 3 jam tanpa penjelasan , kapok', 'NEGATIVE'],
    ['aplikasinya error terus , gak bisa login', 'NEGATIVE'],
    ['jangan beli di sini , barang nya palsu', 'NEGATIVE'],
    ['kecewa banget sama pelayanannya', 'NEGATIVE'],
    ['gak enak , mahal lagi', 'NEGATIVE'],
  ])('scores Indonesian %j as %s', (text, expected) => {
    expect(label(text, 'id')).toBe(expected);
    expect(label(text, null)).toBe(expected);
  });

  it.each([
    ['en', 'en'],
    ['EN-us', 'en'],
    ['eng', 'en'],
    ['id', 'id'],
    ['in', 'id'],
    ['ms', 'id'],
    ['fr', null],
    ['', null],
    [null, null],
  ])('reads the language tag %j as %j', (tag, expected) => {
    expect(scoredLanguage(tag)).toBe(expected);
  });
});

describe('shipped sentiment model on the held-out 20 % of ../shared/data', () => {
  const { heldOut } = splitDevData();

  it.each([
    ['en', 0.66],
    ['id', 0.84],
  ] as const)('reaches its minimum macro-F1 in %s and beats the rules layer alone', (language, minimum) => {
    const part = heldOut.filter((e) => e.language === language);
    const gold = part.map((e) => e.label);
    const model = metrics(gold, part.map((e) => labelOf(scoreSentiment(e.text, language))));
    const baseline = metrics(gold, part.map((e) => labelOf(scoreSentimentLexicon(e.text, language))));
    expect(part.length).toBeGreaterThan(1000);
    expect(model.macroF1).toBeGreaterThanOrEqual(minimum);
    expect(model.macroF1).toBeGreaterThan(baseline.macroF1 + 0.1);
    for (const c of ['negative', 'neutral', 'positive'] as const) expect(model.f1[c]).toBeGreaterThan(0.45);
  });
});
