/**
 * Configuration from environment variables, validated with zod at start. A bad value stops the server
 * with one clear line naming the variable (server/index.ts prints it).
 */
import { z } from 'zod';
import { parseVerifierKey } from '../shared/note.js';
import { isTrustEntry } from './accounts/client-address.js';
import { WitnessList } from './log/witness-list.js';

const PORT_MESSAGE = 'must be a whole number from 0 to 65535';
function isVerifierKey(v: string): boolean {
  try {
    parseVerifierKey(v);
    return true;
  } catch {
    return false;
  }
}

const Flag = z.enum(['0', '1']).transform((v) => v === '1');

export const ConfigEnv = z.object({
  PORT: z.coerce
    .number({ error: PORT_MESSAGE })
    .int(PORT_MESSAGE)
    .min(0, PORT_MESSAGE)
    .max(65535, PORT_MESSAGE)
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** First admin's password, used only when the database has no account yet (at least 10 chars). */
  ADMIN_PASSWORD: z
    .string()
    .min(10, 'must be at least 10 characters')
    .max(256, 'must be at most 256 characters')
    .optional(),
  DEMO: Flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Name of the transparency log; the origin line of every signed checkpoint. */
  LOG_ORIGIN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .default('adal-draw.example/log'),
  /** drand HTTP relay base URL; beacons are fetched from it when their round time comes. */
  DRAND_URL: z.url().default('https://api.drand.sh'),
  /**
   * drand HTTP relays tried in order, separated by commas or spaces (e.g. a mirror on the local
   * network first); when set it replaces DRAND_URL, which stays the one-relay form (drandRelays).
   */
  DRAND_URLS: z
    .string()
    .transform((s) => s.split(/[\s,]+/).filter((x) => x !== ''))
    .pipe(
      z
        .array(z.url({ protocol: /^https?$/, error: 'each relay must be an http(s) URL' }))
        .min(1, 'give at least one relay URL')
    )
    .optional(),
  /** Milliseconds between steps when a result is played to viewers. */
  STEP_INTERVAL_MS: z.coerce.number().int().min(0).max(60000).default(1500),
  /** How many step intervals a skipped candidate stays on screen (its reason is read); a pick one. */
  STEP_SKIP_HOLD: z.coerce.number().int().min(1).max(10).default(2),
  /** The operator's name, shown on the broadcast overlay (empty: none). */
  OPERATOR_NAME: z.string().max(120).optional(),
  /** An image file (PNG, SVG, …) of the operator's logo, served at /operator-logo for the overlay. */
  OPERATOR_LOGO_FILE: z.string().min(1).optional(),
  /** Public base URL used in printed protocols' QR codes. */
  PUBLIC_URL: z.url().optional(),
  /**
   * The reverse proxies whose `X-Forwarded-For` names the client (haproxy in deploy/): a comma-
   * separated list of addresses, CIDRs or `loopback`. Default none: the peer is the client, and the
   * header is ignored, so nobody can pick their own address for the sign-in throttle or the limits.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '')
    )
    .refine(
      (list) => list.every(isTrustEntry),
      'a comma-separated list of addresses, CIDRs or loopback'
    ),
  /**
   * socket.io connections one client address may hold (server/live/address-cap.ts); the next
   * handshake is refused (403). Behind haproxy without TRUST_PROXY every viewer has haproxy's address.
   */
  LIVE_SOCKETS_PER_ADDR: z.coerce.number().int().min(1).default(2000),
  /** Requests a minute one client address may make of the heavy public routes (PDF, bundle, CSV). */
  HEAVY_REQ_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Set behind a TLS-terminating proxy so cookies get the Secure flag. */
  SECURE_COOKIES: Flag.default(false),
  /**
   * `writer` (the default) is the whole service; `edge` serves only the public pages, the public API
   * and the live socket from the log, read-only (server/edge/, deploy/README.md).
   */
  ROLE: z.enum(['writer', 'edge']).default('writer'),
  /** An edge's pinned verifier key of the log (`adal log key` on the writer): `name+keyid+base64`. */
  LOG_VKEY: z.string().refine(isVerifierKey, 'a verifier key: name+keyid+base64').optional(),
  /**
   * A remote edge's writer (its public base URL): the edge follows its public log API into a local
   * mirror and verifies every checkpoint first. Unset: the edge reads DATA_DIR's database read-only.
   */
  UPSTREAM_URL: z.url().optional(),
  /** How often an edge looks for new log entries (ms): the local file's version, or the upstream. */
  EDGE_POLL_MS: z.coerce.number().int().min(10).max(60000).default(100),
  /** Witnesses asked to cosign the log's checkpoints (server/log/witness-list.ts); none by default. */
  WITNESSES: WitnessList.default([]),
  /**
   * The declared cadence (ms): between draw milestones, witnesses are asked at most once per
   * interval, and only when the log grew (docs/API.md "Witnesses").
   */
  WITNESS_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** How long one add-checkpoint request may take before it counts as failed (ms). */
  WITNESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Only TEST_CLOCK_FILE reads it: `test` allows that variable. */
  NODE_ENV: z.string().optional(),
  /**
   * Tests and benches only (NODE_ENV=test, else the server refuses to start): a file holding the
   * instant the server's clock reads (server/test-clock.ts), so a test can run the server as its own
   * process against recorded drand rounds.
   */
  TEST_CLOCK_FILE: z.string().min(1).optional(),
});
export type Config = z.infer<typeof ConfigEnv>;

/** Rules across variables: an edge needs the key it verifies the log with. */
function crossCheck(c: Config): { variable: keyof Config; message: string } | undefined {
  if (c.ROLE === 'edge' && c.LOG_VKEY === undefined)
    return { variable: 'LOG_VKEY', message: 'an edge needs the log verifier key (adal log key)' };
  if (c.TEST_CLOCK_FILE !== undefined && c.NODE_ENV !== 'test')
    return { variable: 'TEST_CLOCK_FILE', message: 'for tests only: it needs NODE_ENV=test' };
  return undefined;
}

/** The drand relays to ask, in order: DRAND_URLS, or DRAND_URL alone. */
export function drandRelays(c: Pick<Config, 'DRAND_URL' | 'DRAND_URLS'>): string[] {
  return c.DRAND_URLS ?? [c.DRAND_URL];
}

export class ConfigError extends Error {}

/** Only the variables we know, with empty strings treated as unset (`PORT=` must not mean port 0). */
function known(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(ConfigEnv.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const r = ConfigEnv.safeParse(known(env));
  if (!r.success) {
    const first = r.error.issues[0]!;
    const message = first.message.replace(/\s+/g, ' ');
    // Never echo the value: it may be ADMIN_PASSWORD.
    throw new ConfigError(`invalid configuration: ${String(first.path[0])}: ${message}`);
  }
  const problem = crossCheck(r.data);
  if (problem)
    throw new ConfigError(`invalid configuration: ${problem.variable}: ${problem.message}`);
  return r.data;
}
