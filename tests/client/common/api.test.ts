/**
 * The pages' API helper against the real server (Node's fetch stands in for the browser's; same API):
 * answers parsed by zod, the server's error envelope turned into ApiError codes with field issues,
 * an unexpected shape refused as BAD_RESPONSE, an unreachable server as NETWORK.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ApiError, apiFetch } from '../../../client/common/api.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError, the call succeeded');
}

describe('apiFetch', () => {
  test('does return the answer parsed by the schema', async () => {
    const body = await apiFetch(`${t.baseUrl}/healthz`, z.strictObject({ ok: z.literal(true) }));
    expect(body).toEqual({ ok: true });
  });

  test('when the answer does not match the schema, does throw BAD_RESPONSE naming the field', async () => {
    const e = await apiError(
      apiFetch(`${t.baseUrl}/healthz`, z.object({ ok: z.literal(true), version: z.string() }))
    );
    expect([e.code, e.status]).toEqual(['BAD_RESPONSE', 200]);
    expect(e.issues.map((i) => i.path)).toEqual(['version']);
  });

  test("does turn the server's error envelope into its code, status and issues", async () => {
    const e = await apiError(
      apiFetch(`${t.baseUrl}/api/auth/login`, z.unknown(), {
        method: 'POST',
        body: { username: '', password: 'x' },
      })
    );
    expect([e.code, e.status]).toEqual(['INVALID_INPUT', 400]);
    expect(e.issues.map((i) => i.path)).toEqual(['body.username']);
  });

  test('does report a wrong password as INVALID_CREDENTIALS', async () => {
    const user = await t.createUser('observer');
    const e = await apiError(
      apiFetch(`${t.baseUrl}/api/auth/login`, z.unknown(), {
        method: 'POST',
        body: { username: user.username, password: 'wrong-password-123' },
      })
    );
    expect([e.code, e.status]).toEqual(['INVALID_CREDENTIALS', 401]);
  });

  test('does report a missing API route as NOT_FOUND', async () => {
    const e = await apiError(apiFetch(`${t.baseUrl}/api/public/nothing-here`, z.unknown()));
    expect([e.code, e.status]).toEqual(['NOT_FOUND', 404]);
  });

  test('when the answer is not the error envelope, does throw BAD_RESPONSE with the status', async () => {
    const e = await apiError(apiFetch(`${t.baseUrl}/assets/none.js`, z.unknown()));
    expect([e.code, e.status]).toEqual(['NOT_FOUND', 404]);
    const page = await apiError(apiFetch(`${t.baseUrl}/`, z.object({})));
    expect([page.code, page.status]).toEqual(['BAD_RESPONSE', 200]);
  });

  test('when the server cannot be reached, does throw NETWORK', async () => {
    const other = await startTestApp();
    const url = other.baseUrl;
    await other.close();
    const e = await apiError(apiFetch(`${url}/healthz`, z.unknown()));
    expect([e.code, e.status]).toEqual(['NETWORK', 0]);
  });
});
