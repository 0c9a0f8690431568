/**
 * A real local drand relay for tests: an HTTP server on 127.0.0.1 (port 0) serving the recorded real
 * rounds of tests/fixtures/drand/*.json in the drand HTTP API v1 shape:
 *   GET /{chainhash}/info, GET /{chainhash}/public/{round}, GET /{chainhash}/public/latest
 * Switches: down() closes the listener so connections are refused (up() listens on the same port
 * again); setMode('hang') accepts and never answers (timeouts), setMode('error') answers 500;
 * setHead(chain, r) makes every round above r "not yet produced" (404, or 425 with tooEarlyStatus);
 * tamper(chain, round) serves a forged signature (one bit flipped, randomness recomputed to match).
 * Tests of other parts (browser, socket) can point the server's DRAND_URL at relay.url.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';

export type RelayChain = 'quicknet' | 'default';

export interface RecordedRound {
  round: number;
  randomness: string;
  signature: string;
  previous_signature?: string;
  source: string;
}

export interface RecordedChain {
  chain: RelayChain;
  info: { hash: string; [k: string]: unknown };
  rounds: RecordedRound[];
}

/** The recorded fixture of a chain (real rounds; each names its source). */
export function recordedChain(chain: RelayChain): RecordedChain {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/drand/${chain}.json`, import.meta.url), 'utf8')
  ) as RecordedChain;
}

export type RelayMode = 'serve' | 'hang' | 'error';

export interface TestDrandRelay {
  /** base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  /** every request path served, in order */
  readonly requests: string[];
  recorded(chain: RelayChain): RecordedChain;
  setMode(mode: RelayMode): void;
  /** rounds above `round` answer as not yet produced; undefined: all recorded rounds are served */
  setHead(chain: RelayChain, round: number | undefined): void;
  /** 404 (older relays) or 425 Too Early (newer relays) for rounds not yet produced */
  tooEarlyStatus: 404 | 425;
  tamper(chain: RelayChain, round: number): void;
  /** serve mode, all rounds produced, nothing tampered, 404 for unknown rounds */
  reset(): void;
  down(): Promise<void>;
  /** listens again on the same port; a no-op while up */
  up(): Promise<void>;
  close(): Promise<void>;
}

function flipLastByteBit(hex: string, bit: number): string {
  const b = Buffer.from(hex, 'hex');
  b[b.length - 1] = b[b.length - 1]! ^ (1 << bit);
  return b.toString('hex');
}

export async function startDrandRelay(): Promise<TestDrandRelay> {
  const chains = { quicknet: recordedChain('quicknet'), default: recordedChain('default') };
  const byHash = new Map(Object.values(chains).map((c) => [c.info.hash, c]));
  const heads = new Map<RelayChain, number | undefined>();
  const tampered = new Set<string>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let mode: RelayMode = 'serve';
  let server: Server | undefined;
  let port = 0;

  const relay: TestDrandRelay = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    recorded: (chain) => chains[chain],
    setMode: (m) => {
      mode = m;
    },
    setHead: (chain, round) => heads.set(chain, round),
    tooEarlyStatus: 404,
    tamper: (chain, round) => tampered.add(`${chain}/${round}`),
    down: () => stop(),
    up: () => (server ? Promise.resolve() : listen(port)),
    reset: () => {
      mode = 'serve';
      heads.clear();
      tampered.clear();
      relay.tooEarlyStatus = 404;
    },
    close: () => stop(),
  };

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  function serveRound(res: ServerResponse, c: RecordedChain, which: string): void {
    const head = heads.get(c.chain);
    const produced = c.rounds.filter((r) => head === undefined || r.round <= head);
    const r =
      which === 'latest'
        ? produced.at(-1)
        : /^[1-9][0-9]*$/.test(which)
          ? produced.find((x) => x.round === Number(which))
          : undefined;
    if (!r) {
      const future = /^[1-9][0-9]*$/.test(which) && head !== undefined && Number(which) > head;
      return send(res, future ? relay.tooEarlyStatus : 404, { error: 'round not found' });
    }
    let { signature, randomness } = r;
    if (tampered.has(`${c.chain}/${r.round}`)) {
      // A forger's answer: internally consistent (randomness = sha256(signature)), signature invalid.
      signature = flipLastByteBit(signature, 0);
      randomness = createHash('sha256').update(Buffer.from(signature, 'hex')).digest('hex');
    }
    send(res, 200, {
      round: r.round,
      randomness,
      signature,
      ...(r.previous_signature ? { previous_signature: r.previous_signature } : {}),
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests.push(req.url ?? '');
    if (mode === 'hang') return; // the socket stays open until the client gives up or down() runs
    if (mode === 'error') return send(res, 500, { error: 'internal error' });
    const m = /^\/([0-9a-f]{64})\/(info|public\/([^/?]+))$/.exec(req.url ?? '');
    const c = m ? byHash.get(m[1]!) : undefined;
    if (!m || !c || req.method !== 'GET') return send(res, 404, { error: 'not found' });
    if (m[2] === 'info') return send(res, 200, c.info);
    serveRound(res, c, m[3]!);
  }

  function listen(onPort: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = createServer(handle);
      s.on('connection', (sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
      });
      s.once('error', reject);
      s.listen(onPort, '127.0.0.1', () => {
        server = s;
        port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function stop(): Promise<void> {
    const s = server;
    server = undefined;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.close(() => resolve());
      for (const sock of sockets) sock.destroy();
    });
  }

  await listen(0);
  return relay;
}
