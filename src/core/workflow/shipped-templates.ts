// Every version of the scan workflow freshpin has shipped (templates/freshpin-scan.yml), by the
// SHA-256 of its bytes: an installed workflow byte-identical to an older one is freshpin's to
// upgrade; any other content is the maintainers' and is never overwritten. Once shipped, a
// version is frozen: to change the template, copy the current file to
// templates/shipped/freshpin-scan-v<N>.yml, bump the marker line, and add the new row here
// (test/core/workflow/shipped-templates.test.ts checks the files against this table).
import { auditWorkflowPins } from './audit-workflow-pins.ts';
import type { Advisory, PinProblem } from './audit-workflow-pins.ts';
import { TRIVY_ADVISORY } from './audit-workflow-pins.ts';

export interface ShippedTemplate {
  version: number;
  sha256: string;
  /** Why a repository carrying this version must move on (markdown, said in the upgrade PR). */
  upgradeReasons: readonly string[];
  advisories: readonly Advisory[];
}

export const SCAN_TEMPLATE_FILE = 'freshpin-scan.yml';

export const SHIPPED_SCAN_TEMPLATES: readonly ShippedTemplate[] = [
  {
    version: 1,
    sha256: '108bd5e3a672d2139c29d1420fee9f7629b6e969f870b621dd1a42ba9bf8f9de',
    upgradeReasons: [
      "**It no longer runs.** It uses `aquasecurity/trivy-action@0.28.0`. On 2026-03-19 that action's tags were force-pushed to credential-stealing commits; Aqua then deleted the bare `0.x.y` tags before 0.35.0. The tag `0.28.0` no longer exists, so every run fails with \"Unable to resolve action\" and no scan result reaches freshpin's PRs.",
      '**It ran third-party code next to your secrets.** Trivy ran in the same job as `DOCKERHUB_USERNAME`/`DOCKERHUB_TOKEN`, exactly what the malicious tags stole. If this workflow ran with those secrets set while the tags were hijacked, rotate the Docker Hub token.',
      '**No action was pinned by commit SHA**, so whoever controls a tag controls the job.',
    ],
    advisories: [TRIVY_ADVISORY],
  },
  { version: 2, sha256: 'bb06fff694e7fe22dc7d4ecf7596b5a0c3043547d5a262d208aaf9a6be0ad784', upgradeReasons: [], advisories: [] },
];

/** The version templates/freshpin-scan.yml is (its marker line says it too). */
export const CURRENT_SCAN_TEMPLATE_VERSION = 2;

/** What the current template changes, said in every upgrade PR. */
export const CURRENT_TEMPLATE_CHANGES: readonly string[] = [
  'every action is pinned to the commit SHA of a release (the comment names the release), current majors, `aquasecurity/trivy-action` v0.36.0;',
  'the Trivy binary itself is pinned (`version: v0.74.0`), outside the malicious v0.69.4–v0.69.6;',
  'build and Trivy run in a job with no secrets; Docker Scout runs in its own job, the only one given the Docker Hub secrets, with only GitHub\'s and Docker\'s actions (the image moves there as a `docker save` artifact);',
  'every job declares least-privilege `permissions:`, and checkout does not persist credentials;',
  'the results are still ONE artifact named `freshpin-scan`, and the `workflow_dispatch` inputs are unchanged.',
];

const MARKER = /^# freshpin-template: freshpin-scan v(\d+)\s*$/m;

/** The template version a workflow's marker line claims (`# freshpin-template: freshpin-scan vN`), if any. */
export function readTemplateMarker(text: string): number | undefined {
  const match = MARKER.exec(text);
  return match === null ? undefined : Number(match[1]);
}

export type ScanWorkflowState =
  | { kind: 'current' }
  /** Byte-identical to an older shipped template: freshpin upgrades it. */
  | { kind: 'shipped'; template: ShippedTemplate; problems: readonly PinProblem[] }
  /** Edited by the maintainers: never overwritten; `outdated` when older than the template or unsafe. */
  | { kind: 'customised'; markerVersion?: number; outdated: boolean; problems: readonly PinProblem[]; unreadable?: string };

/** Classifies an installed scan workflow by its bytes' SHA-256 (computed by the caller) and its pins. */
export function classifyScanWorkflow(text: string, sha256: string): ScanWorkflowState {
  const shipped = SHIPPED_SCAN_TEMPLATES.find((template) => template.sha256 === sha256);
  if (shipped !== undefined && shipped.version === CURRENT_SCAN_TEMPLATE_VERSION) return { kind: 'current' };
  const audit = auditWorkflowPins(text);
  const problems = audit.ok ? audit.problems : [];
  if (shipped !== undefined) return { kind: 'shipped', template: shipped, problems };
  const markerVersion = readTemplateMarker(text);
  const older = markerVersion !== undefined && markerVersion < CURRENT_SCAN_TEMPLATE_VERSION;
  return {
    kind: 'customised',
    ...(markerVersion === undefined ? {} : { markerVersion }),
    outdated: older || problems.length > 0,
    problems,
    ...(audit.ok ? {} : { unreadable: audit.error }),
  };
}
