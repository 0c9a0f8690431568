// Bytes of JavaScript each built page loads statically (its script and every chunk it imports,
// followed through the chunks' imports), and whether the BLS pairing code is among them — the same
// walk as tests/client/page-weight.test.ts. Run after `npm run build`: node scripts/page-weight.mjs
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'dist', 'client');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const BLS_MARKERS = ['Fp12', 'millerLoop'];

for (const page of ['live', 'verify', 'find', 'console']) {
  const files = new Map();
  const visit = (file) => {
    if (files.has(file)) return;
    const code = readFileSync(join(dir, 'assets', file), 'utf8');
    files.set(file, code);
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/(chunk-[A-Za-z0-9]+\.js)"/g)) visit(m[1]);
  };
  visit(manifest[`${page}.js`]);
  const bytes = [...files.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);
  const bls = [...files.values()].some((c) => BLS_MARKERS.every((m) => c.includes(m)));
  console.log(`${page}: ${bytes} B in ${files.size} file(s)${bls ? ', BLS code included' : ''}`);
}
