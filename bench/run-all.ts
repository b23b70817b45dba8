// `npm run bench`: runs every benchmark as its own Node process (process.execPath), one
// after another so they do not compete for the CPU, echoes their output, then prints a
// summary table. Figures only, no assertions; exits non-zero when a benchmark fails to run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Figure } from './check-summary.ts';
import { SUMMARY_PREFIX } from './check-summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCHES = [
  'bench/check-cli-phoenix.ts',
  'bench/check-many-files.ts',
  'bench/check-large-dockerfile.ts',
  'bench/parse-large-sarif.ts',
  'bench/scan-webhook.ts',
  'bench/queue-ack.ts',
  'bench/pass-workers.ts',
  'bench/app-pass.ts',
  'bench/registry-gzip-bomb.ts',
  'bench/hostile-inputs.ts',
  'bench/app-pass-scale.ts',
];
/** The 2,000-repository pass (a warm-up full pass, then the measured one) takes 3 to 6 minutes on a busy machine. */
const TIMEOUT_MS = 900_000;
/** The 20,000-repository pass opens 200 PRs with production throttling (writes spaced a second or more apart): about half an hour. */
const TIMEOUTS_MS: Record<string, number> = { 'bench/app-pass-scale.ts': 3_600_000 };

interface Outcome {
  script: string;
  code: number | null;
  seconds: number;
  figures: Figure[];
}

/** Figures from the BENCH-SUMMARY line; for a bench without one, its lines that name a target, else its last line. */
function figuresOf(stdout: string): Figure[] {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  const summary = lines.find((line) => line.startsWith(SUMMARY_PREFIX));
  if (summary !== undefined) return JSON.parse(summary.slice(SUMMARY_PREFIX.length)) as Figure[];
  const targeted = lines.filter((line) => line.includes('target'));
  return (targeted.length > 0 ? targeted : lines.slice(-1)).map((line) => {
    const match = /^(\S+(?: \S+)*?)\s{2,}(.*)$/.exec(line);
    return match === null ? { label: '', value: line } : { label: match[1] ?? '', value: match[2] ?? '' };
  });
}

function runBench(script: string): Promise<Outcome> {
  return new Promise((resolve) => {
    console.log(`\n## ${script}`);
    const start = performance.now();
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUTS_MS[script] ?? TIMEOUT_MS);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk.split('\n').filter((line) => !line.startsWith(SUMMARY_PREFIX)).join('\n'));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      let figures: Figure[] = [];
      try {
        figures = figuresOf(stdout);
      } catch (error) {
        figures = [{ label: 'summary', value: `unreadable: ${String(error)}` }];
      }
      resolve({ script, code, seconds: (performance.now() - start) / 1000, figures });
    });
  });
}

function printTable(outcomes: readonly Outcome[]): void {
  const rows: string[][] = [['BENCH', 'FIGURE', 'VALUE']];
  for (const outcome of outcomes) {
    const name = outcome.script.replace(/^bench\//, '');
    if (outcome.code !== 0) rows.push([name, 'FAILED', `exit ${outcome.code ?? 'killed'} after ${outcome.seconds.toFixed(1)} s`]);
    outcome.figures.forEach((figure, i) => rows.push([i === 0 && outcome.code === 0 ? name : '', figure.label, figure.value]));
    rows.push(['', '(wall time of the bench)', `${outcome.seconds.toFixed(1)} s`]);
  }
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  console.log('\n## Summary');
  for (const row of rows) console.log(`${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${(row[1] ?? '').padEnd(widths[1] ?? 0)}  ${row[2] ?? ''}`.trimEnd());
}

const outcomes: Outcome[] = [];
for (const script of BENCHES) {
  if (!existsSync(new URL(`../${script}`, import.meta.url))) {
    console.log(`\n## ${script}: not present, skipped`);
    continue;
  }
  outcomes.push(await runBench(script));
}
printTable(outcomes);
if (outcomes.some((outcome) => outcome.code !== 0)) process.exitCode = 1;
