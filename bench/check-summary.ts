// Shared by the check-* benchmarks (not itself one): each bench prints its figures for
// people, then one `BENCH-SUMMARY {json}` line that bench/run-all.ts collects.

export interface Figure {
  label: string;
  value: string;
}

export const SUMMARY_PREFIX = 'BENCH-SUMMARY ';

/** Prints the figures as aligned lines, then the summary line. */
export function printFigures(figures: readonly Figure[]): void {
  const width = Math.max(...figures.map((figure) => figure.label.length));
  for (const figure of figures) console.log(`${figure.label.padEnd(width)}  ${figure.value}`);
  console.log(`${SUMMARY_PREFIX}${JSON.stringify(figures)}`);
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** `123 ms (min 110, max 180, n=7)`. */
export function describeTimes(times: readonly number[]): string {
  return `${median(times).toFixed(1)} ms median (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, n=${times.length})`;
}
