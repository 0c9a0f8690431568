// Builds dist/ (server, shared, db via tsc; browser pages via esbuild).
// With --if-needed it skips the build when dist/ is newer than every source file, so `npm start` is quick.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'dist', '.build-stamp');
const sourceDirs = ['shared', 'auditor', 'server', 'db', 'client'];
const extraFiles = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-client.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

if (process.argv.includes('--if-needed') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const sources = Math.max(
    ...sourceDirs.map((d) => newestMtime(join(root, d))),
    ...extraFiles.map((f) => newestMtime(join(root, f)))
  );
  if (sources <= built) process.exit(0);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
console.log('building dist/ …');
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
// SQL migrations and other runtime assets are copied beside the compiled code.
execFileSync('node', [join(root, 'scripts', 'copy-assets.mjs')], { cwd: root, stdio: 'inherit' });
if (existsSync(join(root, 'scripts', 'build-client.mjs'))) {
  execFileSync('node', [join(root, 'scripts', 'build-client.mjs')], { cwd: root, stdio: 'inherit' });
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
