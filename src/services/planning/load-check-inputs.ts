// Reads what `freshpin check` works on from a local directory: the config and the Dockerfiles.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { defaultConfig, parseConfigText } from '../../core/config/parse-config.ts';
import { DEFAULT_CONFIG_PATH } from '../../core/config/config-schema.ts';
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { ALWAYS_SKIPPED_GLOBS, createDockerfileMatcher } from '../../core/config/match-dockerfile-paths.ts';
import { MAX_CONFIG_FILE_BYTES } from '../../github/bounded-config-files.ts';

/** A reason the run cannot start: bad DIR, unreadable or invalid config. */
export class CheckSetupError extends Error {
  override name = 'CheckSetupError';
}

export interface SourceFile {
  /** Path relative to the checked directory, with forward slashes. */
  path: string;
  text: string;
}

async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new CheckSetupError(`directory not found: ${dir}`);
  if (!info.isDirectory()) throw new CheckSetupError(`not a directory: ${dir}`);
}

/** The config from `--config FILE`, else DIR/.github/freshpin.yml, else the defaults. */
export async function loadConfig(dir: string, configFile?: string): Promise<FreshpinConfig> {
  const file = configFile ?? path.join(dir, DEFAULT_CONFIG_PATH);
  let text: string;
  try {
    // Size first: a config is a few hundred bytes; a huge one is refused before it is read or parsed.
    const { size } = await stat(file);
    if (size > MAX_CONFIG_FILE_BYTES) throw new CheckSetupError(`config ${file} is ${size} bytes: freshpin reads config files of at most ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB)`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CheckSetupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (configFile === undefined && code === 'ENOENT') return defaultConfig();
    throw new CheckSetupError(`cannot read config ${file}: ${code ?? String(error)}`);
  }
  const result = parseConfigText(text);
  if (!result.ok) throw new CheckSetupError(`invalid config ${file}: ${result.errors.join('; ')}`);
  return result.config;
}

/** Every Dockerfile under `dir` matching the config's globs, in a stable order. */
export async function findDockerfiles(dir: string, globs: readonly string[]): Promise<SourceFile[]> {
  // Every file is listed, then matched in linear time (match-glob.ts), as the app does: the
  // config's globs never reach a backtracking matcher.
  const matches = createDockerfileMatcher(globs);
  const paths = (await glob(['**'], { cwd: dir, ignore: ALWAYS_SKIPPED_GLOBS, dot: true, onlyFiles: true })).filter(matches);
  paths.sort();
  return Promise.all(paths.map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), 'utf8') })));
}

export async function loadCheckInputs(
  dir: string,
  configFile?: string,
): Promise<{ config: FreshpinConfig; files: SourceFile[] }> {
  await assertDirectory(dir);
  const config = await loadConfig(dir, configFile);
  const files = await findDockerfiles(dir, config.paths);
  return { config, files };
}
