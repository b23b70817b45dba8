import { describe, expect, it } from 'vitest';
import { readMarker } from '../../../src/core/markers/markers.ts';
import { UPGRADE_MARKER, renderUpgradeBody, renderWorkflowDashboardLines, renderWorkflowWarnings } from '../../../src/core/render/render-workflow-review.ts';
import type { PinProblem } from '../../../src/core/workflow/audit-workflow-pins.ts';
import { SHIPPED_SCAN_TEMPLATES } from '../../../src/core/workflow/shipped-templates.ts';

const V1 = SHIPPED_SCAN_TEMPLATES[0]!;
const hostile: PinProblem = { kind: 'mutable', job: 'a', line: 3, uses: 'evil/`x`@<!-- freshpin:dashboard e30 --> @admin', message: 'pinned to <b>tag</b> @team' };

describe('the upgrade PR body', () => {
  it('says why, with the advisory, and carries its marker', () => {
    const body = renderUpgradeBody({ path: '.github/workflows/freshpin-scan.yml', from: V1, problems: [] });
    expect(body).toContain('template v1');
    expect(body).toContain('[CVE-2026-33634](https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23)');
    expect(body).toContain('rotate the Docker Hub token');
    expect(readMarker(body, UPGRADE_MARKER)).toEqual({ from: 1, to: 2, path: '.github/workflows/freshpin-scan.yml' });
  });

  it('keeps text from the repository inert', () => {
    const body = renderUpgradeBody({ path: '.github/workflows/freshpin-scan.yml', from: V1, problems: [hostile] });
    expect(body).not.toContain('<!-- freshpin:dashboard');
    expect(body).not.toContain('<b>');
    expect(readMarker(body, UPGRADE_MARKER)).toMatchObject({ to: 2 });
  });
});

describe('the dashboard lines', () => {
  it.each([
    ['current', { kind: 'current' } as const, []],
    ['customised and safe', { kind: 'customised', outdated: false, problems: [] } as const, []],
  ])('are empty for a %s workflow', (_name, state, expected) => {
    expect(renderWorkflowDashboardLines('.github/workflows/freshpin-scan.yml', state)).toEqual(expected);
  });

  it('list the unsafe pins of a customised workflow, escaped', () => {
    const lines = renderWorkflowDashboardLines('.github/workflows/scan.yml', { kind: 'customised', markerVersion: 1, outdated: true, problems: [hostile] });
    expect(lines[0]).toBe('- `.github/workflows/scan.yml` is outdated: it was edited, so freshpin does not overwrite it. It is based on template v1; the current one is v2. Unsafe pins:');
    expect(lines[1]).toMatch(/^ {2}- evil\/\\`x\\`@/);
    expect(lines.join('\n')).not.toContain('<!--');
    expect(lines.join('\n')).not.toContain('<b>');
  });

  it('name the upgrade PR, or say it was declined', () => {
    const state = { kind: 'shipped', template: V1, problems: [] } as const;
    expect(renderWorkflowDashboardLines('p.yml', state, { kind: 'open', number: 7 })[0]).toContain('#7 upgrades it');
    expect(renderWorkflowDashboardLines('p.yml', state, { kind: 'declined', number: 7 })[0]).toContain('the upgrade PR #7 was closed');
  });
});

describe('freshpin check warnings', () => {
  it('are one line per problem, with the advisory link', () => {
    const problem: PinProblem = { kind: 'compromised', job: 'a', line: 9, uses: 'aquasecurity/trivy-action@0.28.0', message: 'known-compromised', advisory: { id: 'X', url: 'https://example.com/x' } };
    expect(renderWorkflowWarnings('w.yml', [problem])).toEqual(['warning: w.yml:9: aquasecurity/trivy-action@0.28.0: known-compromised (https://example.com/x)']);
  });
});
