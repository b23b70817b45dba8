// Debian's own release table, as distro-info-data ships it (debian.csv):
// version,codename,series,created,release,eol,eol-lts,eol-elts — later columns may be absent.
import { z } from 'zod';

/** One Debian release. Dates are `YYYY-MM-DD`; absent when not (yet) known. */
export interface DebianRelease {
  /** `11`; absent for sid and experimental. */
  version?: string;
  /** Display name, `Bullseye`. */
  codename: string;
  /** The lower-case token used in tags, `bullseye`. */
  series: string;
  created?: string;
  release?: string;
  eol?: string;
  eolLts?: string;
  eolElts?: string;
}

/** Thrown when the text is not a distro-info table at all. */
export class DistroInfoCsvError extends Error {
  override name = 'DistroInfoCsvError';
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

const rowSchema = z.looseObject({
  version: z.string().min(1).optional().catch(undefined),
  codename: z.string().min(1),
  series: z.string().regex(/^[a-z]+$/),
  created: isoDate,
  release: isoDate,
  eol: isoDate,
  'eol-lts': isoDate,
  'eol-elts': isoDate,
});

/** Drops keys whose value is undefined, so records compare and print cleanly. */
function compact(release: DebianRelease): DebianRelease {
  return Object.fromEntries(Object.entries(release).filter(([, v]) => v !== undefined)) as unknown as DebianRelease;
}

/**
 * Parses distro-info-data's `debian.csv`. Rows that do not name a series are skipped;
 * malformed dates are dropped from their row. Throws DistroInfoCsvError without a header.
 */
export function parseDistroInfoCsv(text: string): DebianRelease[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = lines.shift()?.split(',').map((cell) => cell.trim());
  if (header === undefined || !header.includes('series') || !header.includes('eol')) {
    throw new DistroInfoCsvError('not a distro-info table: the header lacks series/eol columns');
  }
  const releases: DebianRelease[] = [];
  for (const line of lines) {
    const cells = line.split(',').map((cell) => cell.trim());
    const raw = Object.fromEntries(header.map((name, i) => [name, cells[i] === '' ? undefined : cells[i]]));
    const row = rowSchema.safeParse(raw);
    if (!row.success) continue;
    const r = row.data;
    releases.push(
      compact({
        version: r.version,
        codename: r.codename,
        series: r.series,
        created: r.created,
        release: r.release,
        eol: r.eol,
        eolLts: r['eol-lts'],
        eolElts: r['eol-elts'],
      }),
    );
  }
  return releases;
}
