/**
 * The server's clock in tests and benches only (TEST_CLOCK_FILE, refused unless NODE_ENV=test:
 * server/config.ts). Tests that run the server as its own process drive it with recorded drand rounds
 * of 2023, so they need its clock where the in-process tests set ctx.clock: the file holds one ISO
 * 8601 instant, read at every call (a test moves the time by rewriting the file). The time stands
 * still between rewrites, as the in-process tests' clock does.
 */
import { readFileSync } from 'node:fs';

export function fileClock(file: string): () => Date {
  return () => {
    const text = readFileSync(file, 'utf8').trim();
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new Error(`TEST_CLOCK_FILE ${file}: not an instant`);
    return at;
  };
}
