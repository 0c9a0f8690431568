/**
 * GET /protocol renders docs/PROTOCOL.md with GitHub's heading ids, and every check of the verifier
 * links to a section that exists there (shared/i18n/verify-text.ts CHECK_SECTIONS), so a viewer who
 * follows "rule in the protocol" on the verify page lands on the text of that check.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CHECK_SECTIONS } from '../../../shared/i18n/verify-text.js';
import { headingSlug, markdownHtml } from '../../../server/http/protocol-doc.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the protocol page', () => {
  test('does have a section for every verify check', async () => {
    const res = await t.agent
      .get('/protocol')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const ids = new Set([...res.text.matchAll(/<h\d id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.size).toBeGreaterThan(50);
    const missing = Object.entries(CHECK_SECTIONS).filter(([, id]) => !ids.has(id));
    expect(missing).toEqual([]);
  });

  test('does slug headings as GitHub does and escape what it renders', () => {
    expect(headingSlug('drand beacon verification')).toBe('drand-beacon-verification');
    expect(headingSlug('Checks, in order')).toBe('checks-in-order');
    expect(headingSlug('`adal verify`')).toBe('adal-verify');
    const html = markdownHtml('## A <b>\n\nText with `x<y>` and [link](javascript:alert(1)).\n');
    expect(html).toContain('<h2 id="a-b">A &lt;b&gt;</h2>');
    expect(html).toContain('<code>x&lt;y&gt;</code>');
    expect(html).not.toContain('javascript:');
  });
});
