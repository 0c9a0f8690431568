/**
 * A small autocannon-like load generator, run as a child process so it does not share the server's
 * event loop: `tsx bench/http-load.ts <url> <connections> <milliseconds>` keeps <connections>
 * keep-alive requests in flight against <url> and prints {"requests", "errors", "rps"} as JSON.
 */
import { Agent, get } from 'node:http';

const [url, connections = '32', duration = '3000'] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
let requests = 0;
let errors = 0;
let running = true;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = get(url!, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) requests++;
        else errors++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

async function loop(): Promise<void> {
  while (running) await once();
}

const t0 = performance.now();
const loops = Array.from({ length: Number(connections) }, loop);
setTimeout(() => (running = false), Number(duration));
await Promise.all(loops);
const seconds = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ requests, errors, rps: requests / seconds }) + '\n');
