/**
 * A schema's issues as catalogue codes: each zod issue kind maps to its code and values
 * (shared/api/issue-codes.ts), the server's error answer carries them beside the issues for a real
 * route (a password too short), and the console's text for an issue is the catalogue's in kk, ru and
 * en — the issue's own English message only when the server coded nothing for its path.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { codedIssue, ISSUE_CODES } from '../../../shared/api/issue-codes.js';
import { text, type MessageCode, type Params } from '../../../shared/i18n/catalog.js';
import { issueText } from '../../../shared/i18n/issue-text.js';
import { LANGS } from '../../../shared/i18n/langs.js';
import { startTestApp, withCsrf, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterAll(async () => {
  await t?.close();
});

const schema = z.strictObject({
  a: z.string().min(1, 'required'),
  b: z.string().max(3),
  c: z.string().min(10),
  n: z.number().int().min(2),
  m: z.number().max(5),
  arr: z.array(z.string()).min(1),
  many: z.array(z.string()).max(1),
  e: z.enum(['x', 'y']),
  d: z.string().regex(/^\d+$/),
  s: z.string(),
  k: z.string(),
});

describe('issue codes', () => {
  it('does give every zod issue kind its code and values', () => {
    const r = schema.safeParse({
      a: '',
      b: 'abcd',
      c: 'short',
      n: 1,
      m: 6,
      arr: [],
      many: ['1', '2'],
      e: 'q',
      d: 'x',
      k: 7,
      extra: 1,
    });
    const coded = r.error!.issues.map((i) => codedIssue(i, i.path.join('.')));
    expect(coded).toEqual([
      { path: 'a', code: 'required', params: {} },
      { path: 'b', code: 'tooLong', params: { max: 3 } },
      { path: 'c', code: 'tooShort', params: { min: 10 } },
      { path: 'n', code: 'tooSmall', params: { min: 2 } },
      { path: 'm', code: 'tooBig', params: { max: 5 } },
      { path: 'arr', code: 'tooFew', params: { min: 1 } },
      { path: 'many', code: 'tooMany', params: { max: 1 } },
      { path: 'e', code: 'invalidValue', params: {} },
      { path: 'd', code: 'invalidFormat', params: {} },
      { path: 's', code: 'required', params: {} },
      { path: 'k', code: 'invalidType', params: {} },
      { path: '', code: 'unknownField', params: { keys: 'extra' } },
    ]);
    for (const lang of LANGS)
      for (const code of ISSUE_CODES)
        expect([lang, code, text(lang, `issue.${code}` as MessageCode)]).not.toEqual([
          lang,
          code,
          `issue.${code}`,
        ]);
  });

  it('does send them from a real route, and the console tells them in the user’s language', async () => {
    t = await startTestApp();
    const s = await t.loginAs('operator');
    const res = await s.agent
      .post('/api/auth/password')
      .set(withCsrf(s))
      .send({ currentPassword: s.password, newPassword: 'short' })
      .expect(400);
    const issue = res.body.error.issues[0] as { path: string; message: string };
    expect(res.body.error.issueCodes).toEqual([
      { path: 'body.newPassword', code: 'tooShort', params: { min: 10 } },
    ]);
    const tr = (lang: (typeof LANGS)[number]) => (code: MessageCode, p?: Params) =>
      text(lang, code, p);
    expect(issueText(tr('ru'), issue, res.body.error.issueCodes)).toBe('Не короче 10 символов.');
    expect(issueText(tr('kk'), issue, res.body.error.issueCodes)).toBe('Кемінде 10 таңба.');
    expect(issueText(tr('en'), issue, [])).toBe(issue.message);
  });
});
