/**
 * The witness's HTTP interface on node:http (c2sp.org/tlog-witness), with the submission and
 * monitoring prefixes both at the root:
 *
 *   POST /add-checkpoint                        → 200 cosignature lines | 400 403 404 409 422 | 413
 *   GET  /<hex SHA-256 of the origin>/checkpoint → the latest cosigned checkpoint, or 404
 *
 * Bodies are bounded (MAX_ADD_CHECKPOINT_BYTES, refused with 413 before they are read whole) and must
 * be UTF-8. A request is handled once its whole body is in: the witness's check-and-persist is
 * synchronous, so requests never interleave inside it. Keep-alive is on (the spec asks for it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MAX_ADD_CHECKPOINT_BYTES } from '../../shared/add-checkpoint.js';
import { WITNESS_STATUS, WitnessError } from './add-checkpoint.js';
import type { Witness, WitnessAnswer } from './witness.js';

const TEXT = 'text/plain; charset=utf-8';
const MONITOR_PATH = /^\/([0-9a-f]{64})\/checkpoint$/;

function send(res: ServerResponse, a: WitnessAnswer, headers: Record<string, string> = {}): void {
  const body = Buffer.from(a.body, 'utf8');
  res.writeHead(a.status, {
    'Content-Type': a.contentType,
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function refuse(res: ServerResponse, e: WitnessError, headers: Record<string, string> = {}): void {
  send(res, { status: WITNESS_STATUS[e.code], contentType: TEXT, body: `${e.message}\n` }, headers);
}

/** Reads a bounded UTF-8 body; undefined once it has answered 413 or 400 itself. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      req.removeAllListeners('data');
      req.pause();
      // answer first, then drop the connection: the client may still be sending
      res.once('finish', () => req.socket.destroy());
      refuse(
        res,
        new WitnessError(
          'WITNESS_REQUEST_TOO_LARGE',
          `request body over ${MAX_ADD_CHECKPOINT_BYTES} bytes`
        ),
        { Connection: 'close' }
      );
      resolve(undefined);
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_ADD_CHECKPOINT_BYTES) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ADD_CHECKPOINT_BYTES) tooLarge();
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        refuse(
          res,
          new WitnessError('WITNESS_REQUEST_MALFORMED', 'invalid input: the body is not UTF-8')
        );
        resolve(undefined);
      }
    });
  });
}

async function handle(witness: Witness, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://witness').pathname;
  if (path === '/add-checkpoint') {
    if (req.method !== 'POST') {
      refuse(res, new WitnessError('WITNESS_METHOD_NOT_ALLOWED', 'add-checkpoint takes POST'), {
        Allow: 'POST',
      });
      return;
    }
    const body = await readBody(req, res);
    if (body !== undefined) send(res, witness.addCheckpoint(body));
    return;
  }
  const m = MONITOR_PATH.exec(path);
  if (m && (req.method === 'GET' || req.method === 'HEAD')) {
    const note = witness.cosignedCheckpoint(m[1]!);
    if (note !== undefined) send(res, { status: 200, contentType: TEXT, body: note });
    else refuse(res, new WitnessError('WITNESS_NOT_FOUND', 'no checkpoint cosigned for this log'));
    return;
  }
  refuse(res, new WitnessError('WITNESS_NOT_FOUND', `no such endpoint: ${path}`));
}

/** The HTTP server of a witness (not listening yet). `report` gets one line per internal failure. */
export function createWitnessServer(witness: Witness, report: (line: string) => void): Server {
  const server = createServer((req, res) => {
    handle(witness, req, res).catch((e: unknown) => {
      report(`internal error: ${(e as Error).message}`);
      if (!res.headersSent)
        refuse(res, new WitnessError('WITNESS_INTERNAL', 'internal error'), {
          Connection: 'close',
        });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}
