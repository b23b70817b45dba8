// Benchmark: parseScanReport on a ~50 MB Trivy-like SARIF generated in memory.
// Prints the time and the memory it took relative to the file size. Targets: < 2 s, < 3× the file.
//
//   npx node bench/parse-large-sarif.ts [sizeMB]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseScanReport } from '../src/core/scan/detect-and-parse-report.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const targetBytes = Number(process.argv[2] ?? 50) * 1024 * 1024;
const encoder = new TextEncoder();

/** Writes text pieces straight into one growing buffer, so generating doesn't itself peak at several copies. */
class ByteWriter {
  buffer = new Uint8Array(targetBytes + 4 * 1024 * 1024);
  length = 0;
  write(text: string): void {
    const bytes = encoder.encode(text);
    if (this.length + bytes.length > this.buffer.length) {
      const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes.length));
      bigger.set(this.buffer.subarray(0, this.length));
      this.buffer = bigger;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
}

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const RULES = 4000;
const description = 'A long description of the flaw, as Trivy copies it from the advisory. '.repeat(8);

function rule(i: number): string {
  const id = `CVE-2024-${10000 + i}`;
  const severity = SEVERITIES[i % SEVERITIES.length];
  return JSON.stringify({
    id,
    name: 'OsPackageVulnerability',
    shortDescription: { text: `pkg${i}: something is wrong` },
    fullDescription: { text: description },
    defaultConfiguration: { level: 'warning' },
    helpUri: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    help: { text: `Vulnerability ${id}\nSeverity: ${severity}\n${description}`, markdown: `**Vulnerability ${id}**\n${description}` },
    properties: { precision: 'very-high', 'security-severity': '7.5', tags: ['vulnerability', 'security', severity] },
  });
}

function result(i: number): string {
  const r = i % RULES;
  const id = `CVE-2024-${10000 + r}`;
  const pkg = `libpackage${i % 9000}`;
  const severity = SEVERITIES[r % SEVERITIES.length];
  return JSON.stringify({
    ruleId: id,
    ruleIndex: r,
    level: 'warning',
    message: {
      text: `Package: ${pkg}\nInstalled Version: 1.${i % 50}.${i % 7}-r0\nVulnerability ${id}\nSeverity: ${severity}\nFixed Version: ${i % 3 === 0 ? '' : `1.${i % 50}.9-r1`}\nLink: [${id}](https://avd.aquasec.com/nvd/${id.toLowerCase()})`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'library/app:1.2.3', uriBaseId: 'ROOTPATH' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        message: { text: `library/app:1.2.3: ${pkg}@1.${i % 50}.${i % 7}-r0` },
      },
    ],
  });
}

function generate(): Uint8Array {
  const out = new ByteWriter();
  out.write('{"version":"2.1.0","$schema":"https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json","runs":[{"tool":{"driver":{"fullName":"Trivy Vulnerability Scanner","name":"Trivy","version":"0.58.0","rules":[');
  for (let i = 0; i < RULES; i++) out.write((i > 0 ? ',' : '') + rule(i));
  out.write(']}},"results":[');
  let i = 0;
  while (out.length < targetBytes - 1024) out.write((i > 0 ? ',' : '') + result(i++));
  out.write('],"columnKind":"utf16CodeUnits","properties":{"imageName":"library/app:1.2.3"}}]}');
  return out.buffer.slice(0, out.length);
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

const bytes = generate();
gc();
const before = process.memoryUsage();
const peakBefore = process.resourceUsage().maxRSS * 1024;
const start = performance.now();
const cpuStart = process.cpuUsage();
const report = parseScanReport('large.sarif', bytes);
const cpuUsed = process.cpuUsage(cpuStart);
const elapsed = performance.now() - start;
const after = process.memoryUsage();
const peakAfter = process.resourceUsage().maxRSS * 1024;
const findings = report.ok ? report.findings.length : 0;

const size = bytes.length;
const rssDelta = after.rss - before.rss;
// maxRSS only moves if parsing peaked above what generating the file already reached;
// otherwise the RSS right after parsing (garbage not yet collected) is the best estimate.
const peakDelta = (peakAfter > peakBefore ? Math.max(peakAfter, after.rss) : after.rss) - before.rss;
const heapDelta = after.heapUsed - before.heapUsed;

// More timings (memory is from the first run only): the machine may be shared, so the best of
// several runs says more about the code than one run does. The floor is decode + JSON.parse alone.
// CPU time (user + system, all threads: GC helpers included) is less skewed by other load than wall time.
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;
const times = [elapsed];
const cpuTimes = [cpuMs(cpuUsed)];
for (let i = 0; i < 2; i++) {
  gc();
  const t = performance.now();
  const c = process.cpuUsage();
  parseScanReport('large.sarif', bytes);
  cpuTimes.push(cpuMs(process.cpuUsage(c)));
  times.push(performance.now() - t);
}
gc();
const floorStart = performance.now();
const floorCpu = process.cpuUsage();
JSON.parse(new TextDecoder().decode(bytes));
const floorCpuMs = cpuMs(process.cpuUsage(floorCpu));
const floor = performance.now() - floorStart;

console.log(`file            ${mb(size)} (${findings} findings, ${report.ok ? report.format : report.reason})`);
console.log(`time            ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}; best ${Math.min(...times).toFixed(0)} ms  (target < 2000 ms)`);
console.log(`cpu time        ${cpuTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}; best ${Math.min(...cpuTimes).toFixed(0)} ms`);
console.log(`floor           ${floor.toFixed(0)} ms wall, ${floorCpuMs.toFixed(0)} ms cpu for TextDecoder + JSON.parse alone`);
console.log(`rss delta       ${mb(rssDelta)} = ${(rssDelta / size).toFixed(2)}× the file`);
console.log(`peak rss delta  ${mb(peakDelta)} = ${(peakDelta / size).toFixed(2)}× the file  (target < 3×)`);
console.log(`heapUsed delta  ${mb(heapDelta)} = ${(heapDelta / size).toFixed(2)}× the file`);
