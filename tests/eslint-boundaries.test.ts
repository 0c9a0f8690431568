/**
 * The layout's import directions (eslint.boundaries.mjs, docs/ARCHITECTURE.md) as the real ESLint
 * sees them: each case lints one import from a file in its place in the repository with the
 * project's own config, and says whether the linter refuses it.
 */
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function refused(file: string, spec: string): Promise<boolean> {
  const code = `import * as m from '${spec}';\nexport const used = m;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.some((msg) => msg.ruleId === 'adal/boundaries');
}

const CASES: [file: string, spec: string, refused: boolean][] = [
  // shared/ is the protocol: nothing of ours outside it, not even the wire schemas
  ['shared/draw/x.ts', '../../server/app.js', true],
  ['shared/x.ts', '../db/connection.js', true],
  ['shared/x.ts', './api/draws.js', true],
  ['shared/x.ts', './merkle.js', false],
  ['shared/api/x.ts', '../schemas/registry.js', false],
  ['shared/api/x.ts', '../../client/common/api.js', true],
  // db/ stores shared records
  ['db/repos/x.ts', '../../shared/api/draws.js', false],
  ['db/repos/x.ts', '../../server/log/transparency-log.js', true],
  // the auditor stands alone
  ['auditor/x.ts', '../server/draws/bundle.js', true],
  ['auditor/x.ts', '../shared/api/auth.js', true],
  ['auditor/x.ts', '../db/repos/log.repo.js', false],
  ['auditor/commands/x.ts', '../../shared/verify.js', false],
  // the browser verifier imports the protocol only
  ['client/verify/x.ts', '../../shared/api/draws.js', true],
  ['client/verify/x.ts', '../../shared/verify.js', false],
  ['client/console/x.ts', '../../server/routes.js', true],
  // server features depend downwards, never on another feature's routes, never on the top
  ['server/lots/x.ts', '../registry/registry-write.js', false],
  ['server/registry/x.ts', '../lots/lots.js', true],
  ['server/log/x.ts', '../draws/views.js', true],
  ['server/draws/x.ts', '../registry/experts.routes.js', true],
  ['server/draws/x.ts', '../router.js', true],
  ['server/draws/x.ts', '../context.js', false],
  ['server/draws/x.ts', '../http/route.js', true],
  ['server/draws/x.routes.ts', '../http/route.js', false],
  ['server/http/x.ts', '../accounts/session.js', true],
  ['server/routes.ts', './draws/draws.routes.js', false],
  ['server/draws/x.ts', '../../auditor/node-crypto.js', false],
];

describe('import boundaries', () => {
  it.each(CASES)('from %s, import %s: refused = %s', async (file, spec, expected) => {
    expect(await refused(file, spec)).toBe(expected);
  });
});
