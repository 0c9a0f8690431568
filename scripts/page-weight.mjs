// Bytes of JavaScript each built page loads at start: its script and every chunk it imports statically
// (followed through the chunks' imports; for the live page also the modules it loads right after the
// title, named in live.html's <template id="later-modules">) plus one language's catalogue (the largest, Russian) — raw and
// as served, brotli-compressed (scripts/build-client.mjs writes the twins) — and whether the BLS pairing
// code is among them (the same walk as tests/client/page-weight.test.ts). Run after `npm run build`:
//   node scripts/page-weight.mjs
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'dist', 'client');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const BLS_MARKERS = ['Fp12', 'millerLoop'];
const size = (file) => readFileSync(join(dir, 'assets', file)).length;

for (const page of ['live', 'verify', 'find', 'console']) {
  const files = new Map();
  const visit = (file) => {
    if (files.has(file)) return;
    const code = readFileSync(join(dir, 'assets', file), 'utf8');
    files.set(file, code);
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/(chunk-[A-Za-z0-9]+\.js)"/g)) visit(m[1]);
  };
  visit(manifest[`${page}.js`]);
  // the live page's rest, fetched once the draw's title is painted (client/live/main.ts) but still
  // part of what the page loads at start
  const html = readFileSync(join(dir, `${page}.html`), 'utf8');
  const later = /<template id="later-modules">(.*?)<\/template>/s.exec(html)?.[1] ?? '';
  for (const m of later.matchAll(/href="\/assets\/(chunk-[A-Za-z0-9]+\.js)"/g)) visit(m[1]);
  const catalog = manifest['catalog-ru.js'];
  const bytes = [...files.values()].reduce((n, c) => n + Buffer.byteLength(c), 0) + size(catalog);
  const br = [...files.keys(), catalog].reduce((n, f) => n + size(`${f}.br`), 0);
  const bls = [...files.values()].some((c) => BLS_MARKERS.every((m) => c.includes(m)));
  console.log(
    `${page}: ${bytes} B (${br} B brotli) in ${files.size + 1} file(s)${bls ? ', BLS code included' : ''}`
  );
}
