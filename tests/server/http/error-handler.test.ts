/**
 * The HTTP error handler (server/http/error-handler.ts) behind a bare express app: each class of
 * typed error is answered with its status, its own code and message; each AuthError code with its
 * status — the table below is keyed by the closed AuthErrorCode union, so a new code does not compile
 * until its status is decided here as in the handler; and the handler's own codes: INVALID_INPUT for
 * a zod error, body-parser's MALFORMED_JSON and PAYLOAD_TOO_LARGE, INTERNAL (without the message) for
 * any other error.
 */
import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import {
  AppError,
  AuthError,
  CanonicalError,
  ConflictError,
  DrawError,
  InputError,
  NotFoundError,
  VerificationError,
  type AuthErrorCode,
} from '../../../shared/errors.js';
import { errorHandler } from '../../../server/http/error-handler.js';
import { createLogger } from '../../../server/logger.js';

const AUTH_STATUS: Record<AuthErrorCode, number> = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 401,
  LOGIN_THROTTLED: 429,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  CROSS_ORIGIN_REFUSED: 403,
};

const issues = [{ path: 'body.username', message: 'required' }];
const MAPPED: [AppError, number][] = [
  [new InputError('INVALID_INPUT', 'invalid body', { details: { issues } }), 400],
  [new NotFoundError('LOT_NOT_FOUND', 'no lot 7'), 404],
  [new ConflictError('USERNAME_TAKEN', 'the username a is taken'), 409],
  [new DrawError('INFEASIBLE', 'no commission'), 409],
  [new VerificationError('SEED_MISMATCH', 'another seed'), 422],
  ...(Object.entries(AUTH_STATUS) as [AuthErrorCode, number][]).map(
    ([code, status]): [AppError, number] => [new AuthError(code, `refused: ${code}`), status]
  ),
];
const UNMAPPED: Error[] = [
  new CanonicalError('CANONICAL_TYPE', 'secret detail'),
  new AppError('LOG_STATE_INVALID', 'secret detail'),
  new Error('secret detail'),
];

function appThrowing(errors: readonly Error[]): express.Express {
  const app = express();
  app.use(express.json({ limit: '64b' }));
  app.get('/throw/:i', (req) => {
    throw errors[Number(req.params.i)];
  });
  app.get('/zod', () => {
    z.strictObject({ username: z.string() }).parse({});
  });
  app.post('/json', (_req, res) => {
    res.json({});
  });
  app.use(errorHandler(createLogger('silent')));
  return app;
}

describe('errorHandler', () => {
  it('does answer each typed error with its class status, code, message and issues', async () => {
    const app = appThrowing(MAPPED.map(([e]) => e));
    for (const [i, [e, status]] of MAPPED.entries()) {
      const res = await request(app).get(`/throw/${i}`);
      expect([e.code, res.status]).toEqual([e.code, status]);
      const want =
        e.details === undefined
          ? { code: e.code, message: e.message }
          : { code: e.code, message: e.message, issues };
      expect(res.body).toEqual({ error: want });
    }
  });

  it('does send Retry-After with a throttled sign-in', async () => {
    const throttled = new AuthError('LOGIN_THROTTLED', 'wait', {
      details: { retryAfterSeconds: 30 },
    });
    const res = await request(appThrowing([throttled]))
      .get('/throw/0')
      .expect(429);
    expect(res.headers['retry-after']).toBe('30');
  });

  it('does answer any other error INTERNAL without its message', async () => {
    const app = appThrowing(UNMAPPED);
    for (const i of UNMAPPED.keys()) {
      const res = await request(app).get(`/throw/${i}`).expect(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    }
  });

  it("does answer a zod error and body-parser's errors with its own codes", async () => {
    const app = appThrowing([]);
    const zod = await request(app).get('/zod').expect(400);
    expect(zod.body.error.code).toBe('INVALID_INPUT');
    expect(zod.body.error.issues).toEqual([{ path: 'username', message: expect.any(String) }]);
    const bad = await request(app)
      .post('/json')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(bad.body.error.code).toBe('MALFORMED_JSON');
    const big = await request(app)
      .post('/json')
      .send({ a: 'x'.repeat(100) })
      .expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
