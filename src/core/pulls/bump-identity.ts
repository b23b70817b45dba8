// Stable names for one pin across passes: the PR's identity (file + pin), its branch name,
// and the key rejections and ignores are remembered under.
import type { DockerfileAnalysis, Pin } from '../model.ts';

/** The identity of a pin that survives edits elsewhere in the file (FROM line numbers move). */
export function stablePinId(analysis: DockerfileAnalysis, pin: Pin): string {
  if (pin.kind === 'arg') return pin.id;
  const same = analysis.pins.filter((p) => p.kind === 'from' && p.name === pin.name);
  const index = same.findIndex((p) => p.id === pin.id);
  return index <= 0 ? `from:${pin.name}` : `from:${pin.name}#${index + 1}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}

/** `<prefix><file-slug>/<pin-slug>`, e.g. `freshpin/docker-app-dockerfile/debian-version`. */
export function bumpBranchName(prefix: string, file: string, pinId: string): string {
  const pinPart = slug(pinId.replace(/^(arg|from):/, '')) || 'pin';
  return `${prefix}${slug(file) || 'dockerfile'}/${pinPart}`;
}

/** The key of a pin in the repository: file and stable pin id. */
export function pinIdentity(file: string, pinId: string): string {
  return `${file}#${pinId}`;
}
