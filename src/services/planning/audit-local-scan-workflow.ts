// `freshpin check DIR` looks at the scan workflow too: tag-pinned or known-compromised actions
// and an unpinned Trivy binary are warnings (they never change the exit code).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderWorkflowWarnings } from '../../core/render/render-workflow-review.ts';
import { auditWorkflowPins } from '../../core/workflow/audit-workflow-pins.ts';

/** Warning lines for `DIR/.github/workflows/<workflow>`; none when the file is absent or safe. */
export async function auditLocalScanWorkflow(dir: string, workflow: string): Promise<string[]> {
  const relative = `.github/workflows/${workflow}`;
  let text: string;
  try {
    text = await readFile(path.join(dir, relative), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const audit = auditWorkflowPins(text);
  if (!audit.ok) return [`warning: ${relative}: not a readable workflow (${audit.error})`];
  return renderWorkflowWarnings(relative, audit.problems);
}
