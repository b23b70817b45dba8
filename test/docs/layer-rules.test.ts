// CONTRIBUTING.md's "Layout": imports point one way, and eslint.config.js enforces it, so a
// wrong import fails `npm run check`. Each case lints one import as if written in a file.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['src/core/plan/x.ts', "import '../../services/repo-job.ts';"],
    ['src/core/model.ts', "import './../app/main.ts';"],
    ['src/core/plan/x.ts', "import '../../github/github-client.ts';"],
    ['src/core/plan/x.ts', "import 'node:fs';"],
    ['src/github/x.ts', "import '../services/repo-job.ts';"],
    ['src/github/x.ts', "import '../registry/tag-source.ts';"],
    ['src/registry/x.ts', "import '../app/main.ts';"],
    ['src/settings/x.ts', "import '../cli/cli-io.ts';"],
    ['src/services/passes/x.ts', "import '../../app/app-runtime.ts';"],
    ['src/services/planning/x.ts', "import '../commands/command-types.ts';"],
    ['src/services/scans/x.ts', "import '../merging/automerge.ts';"],
    ['src/services/bumps/x.ts', "import '../scans/reconcile-scans.ts';"],
    ['src/services/merging/x.ts', "import '../passes/run-pass.ts';"],
    ['src/services/repo-job.ts', "import './bumps/check-repository.ts';"],
    ['src/services/bumps/x.ts', "import { Octokit } from '@octokit/rest'; void Octokit;"],
    ['src/services/bumps/x.ts', "declare const job: { octokit: { request(route: string): void } }; job.octokit.request('GET /');"],
    ['src/app/x.ts', "import '../cli/main.ts';"],
  ])('%s: %s fails lint', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/core/plan/x.ts', "import '../dockerfile/pin-identity.ts';"],
    ['src/github/x.ts', "import '../core/markers/markers.ts';"],
    ['src/services/commands/x.ts', "import '../merging/automerge.ts';"],
    ['src/services/scans/x.ts', "import '../bumps/read-repo-snapshot.ts';"],
    ['src/services/passes/x.ts', "import '../scans/reconcile-scans.ts';"],
    ['src/app/x.ts', "import '../settings/read-app-settings.ts';"],
    ['src/cli/x.ts', "import '../app/compose-app.ts';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
