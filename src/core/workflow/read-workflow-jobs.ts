// What freshpin needs to know of a GitHub Actions workflow file: per job, every action it runs
// (`uses:` of steps, or of the job itself for a reusable workflow) with its line, trailing
// comment and `with:` inputs, and whether the job can see secrets. Read with the `yaml`
// parser, permissively: the file comes from a repository, so anything odd is skipped.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Node, YAMLMap } from 'yaml';

export interface WorkflowUse {
  job: string;
  /** Index of the step in the job; undefined for a job-level `uses:` (reusable workflow). */
  step?: number;
  /** 1-based line of the `uses:` value. */
  line: number;
  /** The `uses:` value as written, e.g. `actions/checkout@<sha>`. */
  uses: string;
  /** The text of a trailing `# comment` on that line, trimmed (pins name their release there). */
  comment?: string;
  /** The step's `with:` inputs whose values are scalars, as text. */
  with: Record<string, string>;
}

export interface WorkflowJob {
  id: string;
  uses: WorkflowUse[];
  /** The job mentions `secrets.` in an expression, or passes `secrets:` to a reusable workflow. */
  referencesSecrets: boolean;
}

export type WorkflowRead = { ok: true; jobs: WorkflowJob[] } | { ok: false; error: string };

const SECRETS_EXPRESSION = /\$\{\{[^}]*\bsecrets\b/;

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function mentionsSecrets(node: Node | null | undefined): boolean {
  let found = false;
  if (node === null || node === undefined) return false;
  visit(node, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === 'string' && SECRETS_EXPRESSION.test(scalar.value)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function readInputs(step: YAMLMap): Record<string, string> {
  const inputs: Record<string, string> = {};
  const block = step.get('with', true);
  if (!isMap(block)) return inputs;
  for (const pair of block.items) {
    const key = scalarText(pair.key);
    const value = scalarText(pair.value);
    if (key !== undefined && value !== undefined) inputs[key] = value;
  }
  return inputs;
}

function trailingComment(lines: readonly string[], line: number): string | undefined {
  const text = lines[line - 1] ?? '';
  const match = /\s#\s*(.*?)\s*$/.exec(text);
  return match?.[1] === undefined || match[1] === '' ? undefined : match[1];
}

/** Reads a workflow file's jobs; `ok: false` when it is not YAML or has no `jobs:` map. */
export function readWorkflowJobs(text: string): WorkflowRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, error: doc.errors[0]?.message ?? 'invalid YAML' };
  const root = doc.contents;
  const jobsNode = isMap(root) ? root.get('jobs', true) : undefined;
  if (!isMap(jobsNode)) return { ok: false, error: 'the workflow has no jobs' };
  const lines = text.split('\n');
  const at = (node: Node) => lineCounter.linePos(node.range?.[0] ?? 0).line;
  const jobs: WorkflowJob[] = [];
  for (const pair of jobsNode.items) {
    const id = scalarText(pair.key);
    const job = pair.value;
    if (id === undefined || !isMap(job)) continue;
    const uses: WorkflowUse[] = [];
    const jobUses = job.get('uses', true);
    const jobTarget = scalarText(jobUses);
    if (jobTarget !== undefined && isScalar(jobUses)) {
      const line = at(jobUses);
      const comment = trailingComment(lines, line);
      uses.push({ job: id, line, uses: jobTarget, with: readInputs(job), ...(comment === undefined ? {} : { comment }) });
    }
    const steps = job.get('steps', true);
    if (isSeq(steps)) {
      steps.items.forEach((step, index) => {
        if (!isMap(step)) return;
        const node = step.get('uses', true);
        const target = scalarText(node);
        if (target === undefined || !isScalar(node)) return;
        const line = at(node);
        const comment = trailingComment(lines, line);
        uses.push({ job: id, step: index, line, uses: target, with: readInputs(step), ...(comment === undefined ? {} : { comment }) });
      });
    }
    const passesSecrets = job.has('secrets');
    jobs.push({ id, uses, referencesSecrets: passesSecrets || mentionsSecrets(job) });
  }
  return { ok: true, jobs };
}
