// @ts-check
/**
 * The pnpm the workspace pins (`packageManager` in package.json), and where scripts/bootstrap.js
 * keeps the copy it fetches with npm on a machine that has no pnpm of that version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} root  the workspace root */
export function pinnedPnpm(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const version = String(manifest.packageManager).replace(/^pnpm@/, '');
  const cacheDir = join(root, '.cache', `pnpm-${version}`);
  return {
    version,
    cacheDir,
    /** pnpm's own script, run with node */
    script: join(cacheDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs'),
    /** where its `pnpm` command is */
    binDir: join(cacheDir, 'node_modules', '.bin'),
  };
}
