/**
 * Logs never carry secrets (server/logger.ts, the request log in server/app.ts): a whole sign-in,
 * authenticated write, password change and logout are captured, and neither the passwords nor the
 * session cookie nor the CSRF token appear anywhere in the output.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../server/logger.js';
import { startTestApp, withCsrf, type TestApp } from '../helpers/app.js';

function capture(): {
  stream: Writable;
  text: () => string;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, text, lines };
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('logging', () => {
  it('does log requests without passwords, cookies or CSRF tokens', async () => {
    const out = capture();
    t = await startTestApp({ log: createLogger('trace', out.stream) });
    const password = 'Known-Secret-Passw0rd-7731';
    const newPassword = 'Another-Known-Secret-5519';
    const u = await t.createUser('admin', { password });
    const login = await t.agent
      .post('/api/auth/login?password=' + password) // even a secret in the query string stays out
      .send({ username: u.username, password })
      .expect(200);
    const cookiePair = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])[0]!
      .split(';')[0]!;
    const token = cookiePair.split('=')[1]!;
    const csrf = login.body.csrfToken as string;
    await request(t.server)
      .post('/api/auth/password')
      .set({ Cookie: cookiePair, ...withCsrf({ csrf }) })
      .send({ currentPassword: password, newPassword })
      .expect(200);
    await request(t.server)
      .post('/api/accounts')
      .set({ Cookie: cookiePair, ...withCsrf({ csrf }) })
      .send({ username: 'new.one', displayName: 'N', role: 'observer', password: newPassword })
      .expect(201);
    // failures log too: a wrong password and an unhandled-looking bad request
    await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: 'Wrong-' + password });
    await request(t.server)
      .post('/api/auth/logout')
      .set({ Cookie: cookiePair, ...withCsrf({ csrf }) });

    const text = out.text();
    for (const secret of [password, newPassword, token, csrf, 'Wrong-' + password]) {
      expect([secret.slice(0, 6), text.includes(secret)]).toEqual([secret.slice(0, 6), false]);
    }
    expect(text).not.toMatch(/cookie|x-csrf-token|scrypt\$/i);

    const requests = out.lines().filter((l) => l.msg === 'request');
    expect(requests.map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/api/auth/login', 200],
      ['POST', '/api/auth/password', 200],
      ['POST', '/api/accounts', 201],
      ['POST', '/api/auth/login', 401],
      ['POST', '/api/auth/logout', 200],
    ]);
    expect(requests[1]).toMatchObject({ userId: u.id });
    expect(typeof requests[0]!.ms).toBe('number');
    expect(Object.keys(requests[0]!)).not.toContain('headers');
  });

  it('does redact secret fields that code passes to the logger by mistake', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    log.info(
      {
        password: 'p-one-secret',
        body: { newPassword: 'p-two-secret', currentPassword: 'p-three-secret' },
        req: { headers: { cookie: 'adal_session=abc-secret', 'x-csrf-token': 'csrf-secret' } },
        key: { privateKey: 'pk-secret' },
        user: {
          passwordHash: 'scrypt$hash-secret',
          csrfToken: 'csrf2-secret',
          token: 'tok-secret',
        },
        expert: { iin: '900101300123', phone: '+77011234567', email: 'a@example.kz' },
      },
      'oops'
    );
    const text = out.text();
    expect(text).not.toMatch(/secret|900101300123|77011234567|example\.kz/);
    expect(text).toContain('[redacted]');
  });
});
