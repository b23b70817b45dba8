// The one table of the GitHub Actions freshpin's workflows use (templates/ and
// .github/workflows/): action → release → the commit its tag points to (annotated tags peeled).
// Every `uses:` in those files is `owner/repo[/path]@<sha> # <version>` from this table
// (test/core/workflow/action-pins.test.ts), and `npm run actions:verify` re-checks each row
// against the actions' git repositories. To bump an action: change its row, run
// `npm run actions:verify`, then update the workflows to match (the test says where).

/** One row: `action` is the repository (`owner/repo`); sub-actions (`owner/repo/path`) share its row. */
export interface ActionPin {
  action: string;
  version: string;
  sha: string;
  /** Why this release (kept short; the issue or advisory that forces it). */
  note?: string;
}

export const ACTION_PINS: readonly ActionPin[] = [
  { action: 'actions/checkout', version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  { action: 'actions/upload-artifact', version: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f' },
  { action: 'actions/download-artifact', version: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c' },
  { action: 'actions/cache', version: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae' },
  { action: 'docker/login-action', version: 'v4.1.0', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121' },
  { action: 'docker/scout-action', version: 'v1.22.0', sha: '7520205ff60037fdc436b40b6a1d1e55a839ec2d' },
  { action: 'github/codeql-action', version: 'v4.36.2', sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e', note: 'v3 is deprecated in December 2026' },
  {
    action: 'aquasecurity/trivy-action',
    version: 'v0.36.0',
    sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25',
    note: 'tags before 0.35.0 were hijacked on 2026-03-19 (CVE-2026-33634); its bare 0.x.y tags no longer exist',
  },
];

/**
 * The Trivy binary every trivy-action step installs (its `version` input), outside the
 * malicious v0.69.4–v0.69.6; `sha` is the commit of the release tag in aquasecurity/trivy.
 */
export const TRIVY_BINARY: ActionPin = { action: 'aquasecurity/trivy', version: 'v0.74.0', sha: 'e1fd17a0ea4a8cf24bc4b4dd7e2cfbf4bb31b994' };

/** A 40-hex commit SHA (what a `uses:` ref must be to be immutable). */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** `owner/repo` of a `uses:` target (`owner/repo/path` sub-actions belong to their repository). */
export function actionRepository(target: string): string {
  return target.split('/').slice(0, 2).join('/').toLowerCase();
}

/** The table row for an action (`owner/repo` or `owner/repo/path`), if freshpin pins it. */
export function findActionPin(target: string): ActionPin | undefined {
  const repo = actionRepository(target);
  return ACTION_PINS.find((pin) => pin.action === repo);
}
