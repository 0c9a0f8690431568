/**
 * A process of live viewers for deployment tests, so thousands of sockets do not share the test's
 * event loop (whose timers decide when to kill a process): `node --import tsx
 * tests/helpers/viewer-swarm.ts <url> <drawId> <count> <pollingEvery>` opens the viewers
 * (tests/helpers/viewers.ts), says when all are subscribed, and answers the parent over IPC: wait
 * until every viewer holds a seq, report what each received, close. Not a test file.
 */
import { closeViewers, openViewers } from './viewers.js';

export type SwarmCommand =
  { type: 'waitFor'; seq: number; timeoutMs: number } | { type: 'report' } | { type: 'close' };

export interface ViewerReport {
  received: number[];
  connects: number;
  polling: boolean;
  subscribeFailures: number;
}

export type SwarmMessage =
  | { type: 'subscribed'; lastSeqs: number[] }
  | { type: 'reached'; all: boolean; behind: number }
  | { type: 'report'; viewers: ViewerReport[] }
  | { type: 'failed'; message: string };

const [url, drawId, count, pollingEvery] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const send = (m: SwarmMessage) => process.send!(m);

try {
  const viewers = await openViewers(url, drawId, Number(count), {
    pollingEvery: Number(pollingEvery),
  });
  send({ type: 'subscribed', lastSeqs: viewers.map((v) => v.lastSeq) });
  process.on('message', (m: SwarmCommand) => {
    if (m.type === 'waitFor') {
      const end = Date.now() + m.timeoutMs;
      const poll = setInterval(() => {
        const behind = viewers.filter((v) => v.lastSeq < m.seq).length;
        if (behind > 0 && Date.now() < end) return;
        clearInterval(poll);
        send({ type: 'reached', all: behind === 0, behind });
      }, 50);
    } else if (m.type === 'report') {
      send({
        type: 'report',
        viewers: viewers.map((v) => ({
          received: v.received,
          connects: v.connects,
          polling: v.polling,
          subscribeFailures: v.subscribeFailures,
        })),
      });
    } else void closeViewers(viewers).then(() => process.exit(0));
  });
} catch (e) {
  send({ type: 'failed', message: (e as Error).message });
  process.exit(1);
}
