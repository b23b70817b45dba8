// The one identity scheme for a pin. Within one analysis a pin is `pin.id` (`arg:NAME` or
// `from:LINE`, what edits and reference parts point at); across passes it is its stable id,
// which survives edits elsewhere in the file (FROM line numbers move) and is what a bump PR's
// marker records; in a repository it is keyed by file and id with `pinKey`.
import type { DockerfileAnalysis, Pin } from '../model.ts';

/** The identity of a pin that survives edits elsewhere in the file: `arg:NAME`, `from:IMAGE`, `from:IMAGE#2`. */
export function stablePinId(analysis: DockerfileAnalysis, pin: Pin): string {
  if (pin.kind === 'arg') return pin.id;
  const same = analysis.pins.filter((p) => p.kind === 'from' && p.name === pin.name);
  const index = same.findIndex((p) => p.id === pin.id);
  return index <= 0 ? `from:${pin.name}` : `from:${pin.name}#${index + 1}`;
}

/** The key of a pin in a repository, `FILE#ID`: its file and an id (`pin.id` or the stable id, never mixed in one map). */
export function pinKey(file: string, pinId: string): string {
  return `${file}#${pinId}`;
}
