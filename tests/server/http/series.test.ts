/**
 * series (server/http/series.ts) on a real express app: steps run in order, also when one finishes
 * later (a body read); an error passed to next or thrown skips the remaining steps and reaches the
 * app's error handler, as between separate layers.
 */
import { describe, expect, it } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { series } from '../../../server/http/series.js';

function appWith(...steps: RequestHandler[]) {
  const app = express();
  app.use(series(...steps));
  app.get('/', (_req, res) => {
    res.json({ trail: res.locals.trail ?? [] });
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    res.status(500).json({ error: String((err as Error).message), trail: res.locals.trail ?? [] });
  };
  app.use(onError);
  return app;
}

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.trail = [...((res.locals.trail as string[] | undefined) ?? []), name];
    next();
  };

describe('series', () => {
  it('does run every step in order, then the next layer', async () => {
    const later: RequestHandler = (req, res, next) => {
      setTimeout(() => mark('later')(req, res, next), 5);
    };
    const res = await request(appWith(mark('a'), later, mark('b')))
      .get('/')
      .expect(200);
    expect(res.body).toEqual({ trail: ['a', 'later', 'b'] });
  });

  it('does skip the remaining steps after an error passed to next', async () => {
    const fail: RequestHandler = (_req, _res, next) => next(new Error('refused'));
    const res = await request(appWith(mark('a'), fail, mark('b')))
      .get('/')
      .expect(500);
    expect(res.body).toEqual({ error: 'refused', trail: ['a'] });
  });

  it('does skip the remaining steps after a thrown error', async () => {
    const boom: RequestHandler = () => {
      throw new Error('thrown');
    };
    const res = await request(appWith(mark('a'), boom, mark('b')))
      .get('/')
      .expect(500);
    expect(res.body).toEqual({ error: 'thrown', trail: ['a'] });
  });

  it('does pass straight on with no steps', async () => {
    expect((await request(appWith()).get('/').expect(200)).body).toEqual({ trail: [] });
  });
});
