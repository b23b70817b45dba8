// Which repository paths are managed Dockerfiles: the config's globs, minus what is always
// skipped (dependencies, git internals, BuildKit's per-Dockerfile ignore files, which the
// default `Dockerfile.*` glob would otherwise match). The app matches tree paths and pushed
// paths with it; `freshpin check` walks a directory with the same skipped globs as ignores.
import { compileGlobs } from './match-glob.ts';

export const ALWAYS_SKIPPED_GLOBS = ['**/node_modules/**', '**/.git/**', '**/*.dockerignore'];

export function createDockerfileMatcher(globs: readonly string[]): (path: string) => boolean {
  // Linear-time matching (match-glob.ts): the globs come from tenants' configs.
  const wanted = compileGlobs(globs);
  const skipped = compileGlobs(ALWAYS_SKIPPED_GLOBS);
  return (path) => wanted(path) && !skipped(path);
}
