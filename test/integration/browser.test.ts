/// <reference lib="dom" />
// the functions passed to page.waitForFunction run in the browser
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

/** Debian's chromium (apt-get install chromium; .ci/run installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted } }`;

describe('the dashboard and the IDE in a real browser', () => {
  let app: TestApp;
  let browser: Browser | null = null;
  let org: string;
  let key: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    app = await startTestApp();
    org = (await createOrganization(app, 'Browser Air')).id;
    key = (await createKey(app, [org], ['READ', 'INGEST'])).secret;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows volume, the chart and alerts moving live as mentions are ingested', async (context) => {
    if (!browser) context.skip(`no Chromium at ${CHROMIUM}`);
    const page = await browser!.newPage();
    const base = app.url.replace('/graphql', '');
    await page.goto(`${base}/dashboard?key=${encodeURIComponent(key)}&org=${org}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'live', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById('volume')?.textContent === '0', undefined, { timeout: 15_000 });
    expect(await page.locator('#chart rect').count()).toBe(48);
    expect(await page.locator('#alerts li').count()).toBe(0);

    const now = Date.now();
    const mentions = Array.from({ length: 120 }, (_, i) => ({
      platform: 'TWITTER',
      externalId: `browser-${i}`,
      text: 'refund still missing, terrible service',
      postedAt: new Date(now - 20 * 60_000 + i * 1000).toISOString(),
      author: { handle: `angry_${i % 9}`, followers: 1000 + i },
      sentiment: -0.7,
      reach: 1000 + i,
    }));
    await app.ok(INGEST, { org, mentions }, key);

    await page.waitForFunction(() => document.getElementById('volume')?.textContent === '120', undefined, { timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('#alerts li').length > 0, undefined, { timeout: 15_000 });
    expect(await page.locator('#alerts li').first().textContent()).toMatch(/spike|drop/i);
    await page.waitForFunction(() => Array.from(document.querySelectorAll("#chart rect")).some((bar) => bar.getAttribute('data-volume') === '120'), undefined, { timeout: 15_000 });
    // sentiment is a topic of its own: its update may land just after the chart has been redrawn
    await page.waitForFunction(() => document.getElementById('sentiment')?.textContent === '-0.70', undefined, { timeout: 15_000 });
    // the list is redrawn after each update, independently of the figures above
    await page.waitForFunction(() => document.querySelectorAll('#influencers li').length > 0, undefined, { timeout: 15_000 });
    expect(await page.locator('#influencers li').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('serves GraphiQL on GET /graphql with local assets, and runs a query with the key set in it', async (context) => {
    if (!browser) context.skip(`no Chromium at ${CHROMIUM}`);
    const page = await browser!.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(app.url.replace('/graphql', ''))) external.push(request.url());
    });
    await page.goto(`${app.url}?key=${encodeURIComponent(key)}&query=${encodeURIComponent('{ viewer { name scopes } }')}`);
    await page.locator('.graphiql-execute-button').click({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('"scopes"'), undefined, { timeout: 15_000 });
    const result = await page.locator('.result-window').textContent();
    expect(result).toContain('READ');
    expect(result).toContain('INGEST');
    expect(external).toEqual([]);
    await page.close();
  });
});
