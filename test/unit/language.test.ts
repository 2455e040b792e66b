import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/analytics/language';
import { loadDevData } from '../../scripts/train-sentiment';

describe('detectLanguage', () => {
  it.each([
    ['@united flight delayed again, 3 hours at the gate', 'en'],
    ['Love my new iPhone', 'en'],
    ['thanks for the quick reply!', 'en'],
    ['RT @AmericanAir: Check out our new routes http://t.co/abc', 'en'],
    ['Why is the app so slow today??', 'en'],
    ['worst customer service ever #NeverAgain', 'en'],
    ['Pray for Boston. So sad &amp; angry right now', 'en'],
    ['makanan nya enak sekali', 'id'],
    ['pesawat delay 3 jam , kapok', 'id'],
    ['gak bisa login dari tadi pagi @bankxyz', 'id'],
    ['kecewa banget sama pelayanannya', 'id'],
    ['terima kasih min , sudah dibantu', 'id'],
    ['jokowi tidak suka sebar isu bohong', 'id'],
    ['Terremoto in Emilia, crollata la chiesa di San Felice', 'it'],
    ['Mueren al menos 77 personas en el accidente de tren en Santiago', 'es'],
    ['Incendie à Lac-Mégantic : les pompiers sont toujours sur place', 'fr'],
    ['Tragédia em Santa Maria: incêndio na boate deixa mais de 200 mortos', 'pt'],
    ['Метеорит упал в Челябинской области', 'ru'],
    ['東京で大きな地震がありました', 'ja'],
  ])('detects %j as %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'http://t.co/abc123',
    '@united @delta',
    '12:45 100% 3/4',
    '😡😡😡 👍',
    '!!! ???',
  ])('returns null when %j has no words', (text) => {
    expect(detectLanguage(text)).toBeNull();
  });

  it('tells English from Indonesian on the labelled development posts', () => {
    const data = loadDevData();
    for (const [language, otherLanguage, minimum] of [
      ['en', 'id', 0.93],
      ['id', 'en', 0.96],
    ] as const) {
      const texts = data.filter((e) => e.language === language).map((e) => e.text);
      let right = 0;
      let swapped = 0;
      for (const text of texts) {
        const got = detectLanguage(text);
        if (got === language) right++;
        else if (got === otherLanguage) swapped++;
      }
      // the English sets hold a few Spanish tweets and ticker-only posts, so the bar is not 100 %
      expect(right / texts.length).toBeGreaterThanOrEqual(minimum);
      expect(swapped / texts.length).toBeLessThan(0.01);
    }
  });
});
