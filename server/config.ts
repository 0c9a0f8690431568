/**
 * Configuration from environment variables, validated with zod at start. A bad value stops the server
 * with one clear line naming the variable (server/index.ts prints it).
 */
import { z } from 'zod';

const PORT_MESSAGE = 'must be a whole number from 0 to 65535';
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
  /** Milliseconds between steps when a result is played to viewers. */
  STEP_INTERVAL_MS: z.coerce.number().int().min(0).max(60000).default(1500),
  /** Public base URL used in printed protocols' QR codes. */
  PUBLIC_URL: z.url().optional(),
  /** Set behind a TLS-terminating proxy so cookies get the Secure flag. */
  SECURE_COOKIES: Flag.default(false),
});
export type Config = z.infer<typeof ConfigEnv>;

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
  return r.data;
}
