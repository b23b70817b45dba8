// The workflow files freshpin installs or runs: the scan template and .github/workflows/*.yml
// (templates/freshpin.yml is the config, not a workflow; templates/shipped/ holds frozen old
// versions, recognised for upgrades, never run again by freshpin).
import { readFileSync, readdirSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

export interface WorkflowFile {
  path: string;
  text: string;
}

function read(path: string): WorkflowFile {
  return { path, text: readFileSync(new URL(path, ROOT), 'utf8') };
}

/** templates/freshpin-scan.yml and every .github/workflows/*.yml. */
export function liveWorkflowFiles(): WorkflowFile[] {
  const own = readdirSync(new URL('.github/workflows/', ROOT)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return [read('templates/freshpin-scan.yml'), ...own.map((name) => read(`.github/workflows/${name}`))];
}

/** The frozen copies of templates freshpin shipped before the current one. */
export function shippedTemplateFiles(): WorkflowFile[] {
  return readdirSync(new URL('templates/shipped/', ROOT))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => read(`templates/shipped/${name}`));
}
