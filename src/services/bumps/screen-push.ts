// Whether a push to the default branch can change what freshpin proposes: it touches the
// config, a workflow, or a file the repository's `paths` globs manage. The default Dockerfile
// names decide without a request; any other path is matched against the repository's own
// `paths`, read once for the job (a conditional request).
import { DEFAULT_CONFIG_PATH, DEFAULT_DOCKERFILE_GLOBS } from '../../core/config/config-schema.ts';
import { createDockerfileMatcher } from '../../core/config/match-dockerfile-paths.ts';
import { compileGlobs } from '../../core/config/match-glob.ts';
import type { RepoJob } from '../repo-job.ts';
import { readConfigState } from './read-repo-snapshot.ts';

const ALWAYS_RELEVANT = compileGlobs([...DEFAULT_DOCKERFILE_GLOBS, DEFAULT_CONFIG_PATH, '.github/workflows/*.{yml,yaml}']);

/** True when the push changed no listed file (GitHub leaves large pushes unlisted) or one the defaults manage. */
export function pushTouchesDefaults(changed: readonly string[]): boolean {
  return changed.length === 0 || changed.some((path) => ALWAYS_RELEVANT(path));
}

/** True when the push can change the repository's pins: the defaults, or the config's own `paths`. */
export async function pushTouchesPins(job: RepoJob, changed: readonly string[]): Promise<boolean> {
  if (pushTouchesDefaults(changed)) return true;
  const state = await readConfigState(job);
  if (state.kind !== 'ok') return false;
  return changed.some(createDockerfileMatcher(state.config.paths));
}
