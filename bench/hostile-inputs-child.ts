// The measured process of bench/hostile-inputs.ts (run with the server's V8 flags): feeds one
// hostile input to the code the app runs on it, then prints its own peak RSS (VmHWM) in MiB.
//
//   node <flags> bench/hostile-inputs-child.ts scan-artifact|config-file
import { readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { parseScanReport } from '../src/core/scan/detect-and-parse-report.ts';
import { ArtifactRejectedError, unzipArtifact } from '../src/core/scan/unzip-artifact.ts';
import type { GitHubClient } from '../src/github/github-client.ts';
import { createFreshpinOctokit } from '../src/github/octokit-options.ts';
import { readRepoConfig } from '../src/github/read-repo-config.ts';
import { SCAN_UNZIP_CAPS } from '../src/services/scans/read-scan-artifacts.ts';
import { overlappingZip } from '../test/helpers/hostile-zip.ts';

const MiB = 1024 * 1024;

function peak(): string {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return `peak RSS ${match === null ? '?' : (Number(match[1]) / 1024).toFixed(0)} MiB`;
}

/** A Trivy JSON report of about `bytes`, all of it findings. */
function trivyReport(bytes: number, seed: number): Uint8Array {
  const vuln = (i: number) => `{"VulnerabilityID":"CVE-2025-${seed}${i}","PkgName":"lib${i % 900}","InstalledVersion":"1.${i}","FixedVersion":"1.${i + 1}","Severity":"HIGH","Title":"${'t'.repeat(600)}"}`;
  const count = Math.floor(bytes / vuln(0).length);
  const parts: string[] = [];
  for (let i = 0; i < Math.min(count, 19_000); i++) parts.push(vuln(i));
  return new TextEncoder().encode(`{"SchemaVersion":2,"ArtifactName":"x","Results":[{"Target":"t","Class":"os-pkgs","Vulnerabilities":[${parts.join(',')}]}]}`);
}

/** What read-scan-artifacts does with a downloaded zip: unzip under the app's caps, parse each file. */
function readArtifact(zip: Uint8Array): string {
  try {
    const { files, rejected } = unzipArtifact(zip, SCAN_UNZIP_CAPS);
    const reports = files.map((file) => parseScanReport(file.name, file.content));
    return `${reports.filter((r) => r.ok).length} read, ${reports.filter((r) => !r.ok).length + rejected.length} unreadable`;
  } catch (error) {
    if (error instanceof ArtifactRejectedError) return 'refused';
    throw error;
  }
}

/** Writes the two artifacts for the measured child (built here, so building them is not measured). */
export function writeArtifacts(dir: string): void {
  writeFileSync(`${dir}/overlap.zip`, overlappingZip(trivyReport(4 * MiB, 1), 50));
  writeFileSync(`${dir}/largest.zip`, zipSync({ 'a.json': trivyReport(15 * MiB, 2), 'b.json': trivyReport(15 * MiB, 3), 'c.json': trivyReport(15 * MiB, 4) }, { level: 6 }));
}

async function scanArtifact(dir: string): Promise<string> {
  const bomb = new Uint8Array(readFileSync(`${dir}/overlap.zip`));
  const first = readArtifact(bomb);
  const second = readArtifact(new Uint8Array(readFileSync(`${dir}/largest.zip`)));
  return `${peak()}; overlapping zip (${(bomb.length / MiB).toFixed(1)} MB): ${first}; 45 MiB of reports: ${second}`;
}

async function configFile(): Promise<string> {
  const Octokit = createFreshpinOctokit();
  const octokit = new Octokit({ baseUrl: process.env.FAKE_API, auth: { token: process.env.FAKE_TOKEN ?? '' }, retry: { enabled: false }, throttle: { enabled: false } }) as GitHubClient;
  const result = await readRepoConfig(octokit, { owner: 'bench', repo: 'svc' });
  return `${peak()}; ${'error' in result ? 'refused' : 'read'}`;
}

const which = process.argv[2];
if (which === 'scan-artifact') console.log(await scanArtifact(process.argv[3] ?? '.'));
else if (which === 'config-file') console.log(await configFile());
