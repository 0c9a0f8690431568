// Copies non-TypeScript runtime files (SQL migrations, JSON data) into dist/ with the same layout.
import { cpSync, existsSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const exts = ['.sql', '.json', '.csv'];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (exts.some((e) => name.endsWith(e))) {
      const out = join(root, 'dist', p.slice(root.length));
      mkdirSync(dirname(out), { recursive: true });
      cpSync(p, out);
    }
  }
}
for (const d of ['db', 'auditor', 'server', 'shared']) if (existsSync(join(root, d))) walk(join(root, d));
