// Which repository paths are managed Dockerfiles: the config's globs, minus what is always
// skipped (dependencies, git internals, BuildKit's per-Dockerfile ignore files, which the
// default `Dockerfile.*` glob would otherwise match). The app matches tree paths and pushed
// paths with it; `freshpin check` walks a directory with the same skipped globs as ignores.
import picomatch from 'picomatch';

export const ALWAYS_SKIPPED_GLOBS = ['**/node_modules/**', '**/.git/**', '**/*.dockerignore'];

export function createDockerfileMatcher(globs: readonly string[]): (path: string) => boolean {
  const wanted = picomatch([...globs], { dot: true });
  const skipped = picomatch(ALWAYS_SKIPPED_GLOBS, { dot: true });
  return (path) => wanted(path) && !skipped(path);
}
