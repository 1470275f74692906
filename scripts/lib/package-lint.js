// @ts-check
/**
 * Lints a packed package the way its users meet it, from the tarball `pnpm pack` made (so
 * `workspace:` ranges are already versions): publint, strict (the packed files, `exports`,
 * `types` conditions; warnings count as errors), and arethetypeswrong with its esm-only profile
 * (how TypeScript resolves every entry point under `node16` from ES modules and `bundler`; the
 * packages are ES modules, so `node10` and `node16` from CommonJS are not asked for). Both run
 * in this process on the tarball's bytes, so TypeScript is loaded once for every package.
 */
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { problemKindInfo } from '@arethetypeswrong/core/problems';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

/** The resolutions the esm-only profile of arethetypeswrong leaves out. */
const IGNORED_RESOLUTIONS = ['node10', 'node16-cjs'];

/**
 * What publint and arethetypeswrong find wrong in a packed package: one line each, empty when
 * nothing. publint's suggestions are returned apart (worth reading, never a failure).
 * @param {Uint8Array} tarball
 * @returns {Promise<{ problems: string[], suggestions: string[] }>}
 */
export async function lintPackage(tarball) {
  const { messages, pkg } = await publint({ pack: { tarball: toArrayBuffer(tarball) }, strict: true });
  const problems = [];
  const suggestions = [];
  for (const message of messages) {
    const text = `publint: ${formatMessage(message, pkg, { color: false }) ?? message.code}`;
    if (message.type === 'suggestion') suggestions.push(text);
    else problems.push(text);
  }

  const analysis = await checkPackage(createPackageFromTarballData(tarball));
  if (!analysis.types) {
    problems.push('arethetypeswrong: the package has no type declarations');
  } else {
    for (const problem of analysis.problems) {
      const resolution = 'resolutionKind' in problem ? problem.resolutionKind : undefined;
      if (resolution && IGNORED_RESOLUTIONS.includes(resolution)) continue;
      const info = problemKindInfo[problem.kind];
      const where = 'entrypoint' in problem ? ` (${problem.entrypoint}${resolution ? `, ${resolution}` : ''})` : '';
      problems.push(`arethetypeswrong: ${info.title}${where}: ${info.description} ${info.docsUrl}`);
    }
  }
  return { problems, suggestions };
}

/** A copy of the bytes in an ArrayBuffer of their own. @param {Uint8Array} bytes */
function toArrayBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
