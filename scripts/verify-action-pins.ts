// `npm run actions:verify`: re-checks the pin table (src/core/workflow/action-pins.ts) against
// the actions' own git repositories, for whoever bumps it:
// - each row's release tag resolves (annotated tags peeled) to the row's commit SHA;
// - with the repository's objects at hand (a local clone or mirror), every `with:` input the
//   workflows pass exists in the action's action.yml at that commit, and a composite action's
//   own `uses:` are SHA-pinned (its dependencies are part of what runs).
// Repositories come from local git directories (`--mirrors DIR`, holding `owner+name/repo`,
// `owner+name` or `owner/name`; `--git-dir owner/name=PATH`), else from
// `git ls-remote https://github.com/owner/name` when there is a network. A repository found
// nowhere is reported as UNAVAILABLE: nothing about its row was verified.
// Exit 0: all verified; 1: a row disagrees with its repository; 2: something could not be checked.
// Usage: npm run actions:verify -- [--mirrors DIR]… [--git-dir owner/name=PATH]… [--no-network]
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { parse } from 'yaml';
import { ACTION_PINS, COMMIT_SHA, TRIVY_BINARY } from '../src/core/workflow/action-pins.ts';
import type { ActionPin } from '../src/core/workflow/action-pins.ts';
import { readWorkflowJobs } from '../src/core/workflow/read-workflow-jobs.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where a repository's tags (and maybe objects) come from. */
export type RepoSource = { kind: 'git-dir'; dir: string } | { kind: 'remote'; url: string } | { kind: 'unavailable'; reason: string };

export interface RowResult {
  pin: ActionPin;
  status: 'ok' | 'mismatch' | 'missing-tag' | 'unavailable';
  detail: string;
  /** Problems with how the workflows use the action at that commit (unknown inputs, unpinned dependencies). */
  notes: string[];
}

/** A `uses:` of a workflow, with the inputs it passes. */
export interface ActionUse {
  file: string;
  line: number;
  target: string;
  inputs: string[];
}

async function git(args: string[]): Promise<string> {
  // No credential prompt, and a remote that does not answer is given up after a minute.
  const { stdout } = await run('git', args, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return stdout;
}

/** The local git directory for `owner/name` under the mirror roots or explicit dirs, if any. */
export function findGitDir(repo: string, mirrors: readonly string[], explicit: ReadonlyMap<string, string>): string | undefined {
  const given = explicit.get(repo.toLowerCase());
  if (given !== undefined) return given;
  const [owner, name] = repo.split('/');
  for (const root of mirrors) {
    for (const candidate of [path.join(root, `${owner}+${name}`, 'repo'), path.join(root, `${owner}+${name}`), path.join(root, owner!, name!)]) {
      if (existsSync(path.join(candidate, 'HEAD')) || existsSync(path.join(candidate, '.git'))) return candidate;
    }
  }
  return undefined;
}

/** The commit a tag points to in a local repository (annotated tags peeled), or undefined. */
async function localTagCommit(dir: string, tag: string): Promise<string | undefined> {
  try {
    return (await git(['-C', dir, 'rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The commit a tag points to on a remote (the peeled `^{}` line wins for annotated tags). */
async function remoteTagCommit(url: string, tag: string): Promise<string | undefined> {
  const out = await git(['ls-remote', '--tags', url, `refs/tags/${tag}`, `refs/tags/${tag}^{}`]);
  const lines = out.split('\n').filter(Boolean).map((line) => line.split('\t'));
  const peeled = lines.find(([, ref]) => ref === `refs/tags/${tag}^{}`);
  const plain = lines.find(([, ref]) => ref === `refs/tags/${tag}`);
  return (peeled ?? plain)?.[0];
}

/** The action's metadata (`path/action.yml` or `.yaml`) at a commit of a local repository. */
async function actionMetadata(dir: string, sha: string, subPath: string): Promise<Record<string, unknown> | undefined> {
  for (const file of ['action.yml', 'action.yaml']) {
    try {
      return parse(await git(['-C', dir, 'show', `${sha}:${subPath === '' ? file : `${subPath}/${file}`}`])) as Record<string, unknown>;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Unknown inputs and unpinned dependencies of the actions of one repository, at the pinned commit. */
async function checkUses(dir: string, pin: ActionPin, uses: readonly ActionUse[]): Promise<string[]> {
  const notes: string[] = [];
  const subPaths = [...new Set(uses.map((use) => use.target.split('/').slice(2).join('/')))];
  for (const subPath of subPaths) {
    const name = subPath === '' ? pin.action : `${pin.action}/${subPath}`;
    const metadata = await actionMetadata(dir, pin.sha, subPath);
    if (metadata === undefined) {
      notes.push(`${name}: no action.yml at ${pin.sha}`);
      continue;
    }
    const inputs = new Set(Object.keys((metadata.inputs as Record<string, unknown> | undefined) ?? {}));
    for (const use of uses.filter((candidate) => candidate.target.split('/').slice(2).join('/') === subPath)) {
      for (const input of use.inputs.filter((key) => !inputs.has(key))) notes.push(`${use.file}:${use.line}: ${name} has no input \`${input}\` at ${pin.version}`);
    }
    const runs = metadata.runs as { using?: string; steps?: Array<{ uses?: unknown }> } | undefined;
    for (const step of runs?.using === 'composite' ? (runs.steps ?? []) : []) {
      if (typeof step.uses !== 'string' || step.uses.startsWith('./')) continue;
      const ref = step.uses.slice(step.uses.lastIndexOf('@') + 1);
      if (!COMMIT_SHA.test(ref)) notes.push(`${name} at ${pin.version} runs ${step.uses}, which is not pinned to a commit SHA`);
    }
  }
  return notes;
}

/** Verifies one row against its source. */
export async function verifyRow(pin: ActionPin, source: RepoSource, uses: readonly ActionUse[]): Promise<RowResult> {
  if (source.kind === 'unavailable') return { pin, status: 'unavailable', detail: source.reason, notes: [] };
  let commit: string | undefined;
  try {
    commit = source.kind === 'git-dir' ? await localTagCommit(source.dir, pin.version) : await remoteTagCommit(source.url, pin.version);
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const reason = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim().split('\n').at(-1) : error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { pin, status: 'unavailable', detail: `${source.kind === 'remote' ? source.url : source.dir}: ${reason}`, notes: [] };
  }
  const where = source.kind === 'git-dir' ? source.dir : source.url;
  if (commit === undefined) return { pin, status: 'missing-tag', detail: `no tag ${pin.version} in ${where}`, notes: [] };
  if (commit !== pin.sha) return { pin, status: 'mismatch', detail: `${pin.version} is ${commit} in ${where}, the table says ${pin.sha}`, notes: [] };
  const notes = source.kind === 'git-dir' ? await checkUses(source.dir, pin, uses) : [];
  return { pin, status: 'ok', detail: `${pin.version} → ${commit} (${where})${source.kind === 'remote' ? '; inputs not checked without a local clone' : ''}`, notes };
}

/** Every `uses:` of templates/freshpin-scan.yml and .github/workflows/*.yml under `root`. */
export function collectActionUses(root: string): ActionUse[] {
  const workflows = path.join(root, '.github', 'workflows');
  const files = ['templates/freshpin-scan.yml', ...(existsSync(workflows) ? readdirSync(workflows).filter((name) => /\.ya?ml$/.test(name)).map((name) => `.github/workflows/${name}`) : [])];
  return files.flatMap((file) => {
    const read = readWorkflowJobs(readFileSync(path.join(root, file), 'utf8'));
    if (!read.ok) throw new Error(`${file}: ${read.error}`);
    return read.jobs.flatMap((job) => job.uses.map((use) => ({ file, line: use.line, target: use.uses.split('@')[0]!, inputs: Object.keys(use.with) })));
  });
}

export interface VerifyOptions {
  mirrors: string[];
  gitDirs: Map<string, string>;
  network: boolean;
  rows?: readonly ActionPin[];
  root?: string;
}

/** Verifies every row (the Trivy binary's release too); returns the results in table order. */
export async function verifyActionPins(options: VerifyOptions): Promise<RowResult[]> {
  const rows = options.rows ?? [...ACTION_PINS, TRIVY_BINARY];
  const uses = collectActionUses(options.root ?? ROOT);
  return Promise.all(
    rows.map((pin) => {
      const dir = findGitDir(pin.action, options.mirrors, options.gitDirs);
      const source: RepoSource =
        dir !== undefined
          ? { kind: 'git-dir', dir }
          : options.network
            ? { kind: 'remote', url: `https://github.com/${pin.action}` }
            : { kind: 'unavailable', reason: `no local repository for ${pin.action} (looked in ${options.mirrors.join(', ') || 'no --mirrors'}) and --no-network` };
      const mine = uses.filter((use) => use.target.split('/').slice(0, 2).join('/').toLowerCase() === pin.action);
      return verifyRow(pin, source, mine);
    }),
  );
}

/** One line per row, then its notes; and the exit code. */
export function renderResults(results: readonly RowResult[]): { text: string; exitCode: number } {
  const label = { ok: 'OK', mismatch: 'MISMATCH', 'missing-tag': 'MISSING TAG', unavailable: 'UNAVAILABLE' } as const;
  const lines = results.flatMap((result) => [`${label[result.status].padEnd(11)} ${result.pin.action}@${result.pin.version}: ${result.detail}`, ...result.notes.map((note) => `            ! ${note}`)]);
  const failed = results.some((result) => result.status === 'mismatch' || result.status === 'missing-tag' || result.notes.length > 0);
  const unchecked = results.filter((result) => result.status === 'unavailable').length;
  if (unchecked > 0) lines.push(`${unchecked} of ${results.length} repositories were unavailable: their rows are NOT verified.`);
  return { text: `${lines.join('\n')}\n`, exitCode: failed ? 1 : unchecked > 0 ? 2 : 0 };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { mirrors: { type: 'string', multiple: true, default: [] }, 'git-dir': { type: 'string', multiple: true, default: [] }, 'no-network': { type: 'boolean', default: false } } });
  const gitDirs = new Map<string, string>();
  for (const entry of values['git-dir']) {
    const [repo, dir] = entry.split('=');
    if (repo === undefined || dir === undefined) throw new Error(`--git-dir takes owner/name=PATH, got ${entry}`);
    gitDirs.set(repo.toLowerCase(), path.resolve(dir));
  }
  const mirrors = values.mirrors.map((dir) => path.resolve(dir));
  const results = await verifyActionPins({ mirrors, gitDirs, network: !values['no-network'] });
  const { text, exitCode } = renderResults(results);
  process.stdout.write(text);
  return exitCode;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`actions:verify: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
