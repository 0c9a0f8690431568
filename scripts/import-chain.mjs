// The longest chain of relative imports between the project's own .ts files, starting from one file
// (default server/index.ts): node scripts/import-chain.mjs [file]. Type-only imports are skipped
// unless TYPES=1, since they do not run.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';

process.chdir(posix.join(import.meta.dirname, '..'));
const files = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => /^(server|shared|db|auditor|client)\//.test(f));
const known = new Set(files);
const graph = new Map();
for (const f of files) {
  const src = readFileSync(f, 'utf8');
  const deps = new Set();
  for (const m of src.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    const line = src.slice(src.lastIndexOf('\n', m.index) + 1, m.index + 12);
    if (!process.env.TYPES && /^import type/.test(line)) continue;
    const t = posix.normalize(posix.join(posix.dirname(f), m[1])).replace(/\.js$/, '.ts');
    if (known.has(t)) deps.add(t);
  }
  graph.set(f, [...deps]);
}
const memo = new Map();
const longest = (f, seen = new Set()) => {
  if (memo.has(f)) return memo.get(f);
  if (seen.has(f)) return [f];
  seen.add(f);
  let best = [];
  for (const d of graph.get(f) ?? []) {
    const p = longest(d, seen);
    if (p.length > best.length) best = p;
  }
  seen.delete(f);
  const r = [f, ...best];
  memo.set(f, r);
  return r;
};
const chain = longest(process.argv[2] ?? 'server/index.ts');
console.log(`${chain.length - 1} imports deep: ${chain.join(' → ')}`);
