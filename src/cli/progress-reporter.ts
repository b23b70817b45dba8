// Progress on stderr, only on a terminal and only once a run has taken more than a moment.
// Piped or captured stderr (CI, `2>&1 | jq`, tests) gets just the outcome, so a failure
// stays one line.
const QUIET_MS = 1_000;
const EVERY_MS = 2_000;

export interface Progress {
  /** Pins planned so far, of how many. */
  done: number;
  total: number;
}

export function createProgressReporter(stderr: { write(text: string): unknown; isTTY?: boolean }, clock: () => number = Date.now) {
  const started = clock();
  let requests = 0;
  let last: Progress = { done: 0, total: 0 };
  let lastPrinted = 0;
  const print = () => {
    lastPrinted = clock();
    stderr.write(`freshpin: planned ${last.done}/${last.total} pins, ${requests} registry requests, ${Math.round((lastPrinted - started) / 1000)}s\n`);
  };
  const timer = setInterval(() => {
    if (stderr.isTTY === true && clock() - started >= QUIET_MS && clock() - lastPrinted >= EVERY_MS) print();
  }, 250);
  timer.unref();
  return {
    onRequest: () => {
      requests += 1;
    },
    onProgress: (progress: Progress) => {
      last = progress;
    },
    stop: () => clearInterval(timer),
  };
}
