// The parts of a SARIF 2.1.0 log that the scanner parsers read, validated permissively: the
// envelope, each run and each rule (lazily) with zod; each result with cheap type checks so that
// a 50 MB log is not deep-validated or copied (locations, fingerprints and the like are never read).
import { z } from 'zod';
import { LazyResults } from './parse-sarif-lazily.ts';
import type { ScanFinding } from './scan-model.ts';

const optionalString = z.string().optional().catch(undefined);

const TextBlock = z.looseObject({ text: optionalString }).optional().catch(undefined);

export const SarifLog = z.looseObject({
  version: z.unknown().optional(),
  runs: z.array(z.unknown()),
});

export const SarifRun = z.looseObject({
  tool: z
    .looseObject({
      driver: z
        .looseObject({ name: z.string().catch(''), fullName: optionalString, rules: z.array(z.unknown()).catch([]) })
        .catch({ name: '', rules: [] }),
    })
    .catch({ driver: { name: '', rules: [] } }),
  /** An array, or LazyResults when the log was parsed lazily (parse-sarif-lazily.ts). */
  results: z.union([z.instanceof(LazyResults), z.array(z.unknown())]).nullish().catch(undefined),
});
export type SarifRun = z.infer<typeof SarifRun>;

/** The fields of a SARIF result that the parsers read. */
export interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  suppressions?: Array<{ status?: string }>;
}

function field(record: object, key: string): unknown {
  return (record as Record<string, unknown>)[key];
}

/**
 * Reads one result's fields with cheap type checks instead of a zod parse: this runs once per
 * result of a 50 MB log, and a schema parse would copy every result (locations included).
 * Same permissive contract as the zod schemas: a field of the wrong type reads as absent.
 */
export function readSarifResult(raw: unknown): SarifResult | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const result: SarifResult = {};
  const ruleId = field(raw, 'ruleId');
  if (typeof ruleId === 'string') result.ruleId = ruleId;
  const ruleIndex = field(raw, 'ruleIndex');
  if (typeof ruleIndex === 'number' && Number.isInteger(ruleIndex) && ruleIndex >= 0) result.ruleIndex = ruleIndex;
  const level = field(raw, 'level');
  if (typeof level === 'string') result.level = level;
  const message = field(raw, 'message');
  if (typeof message === 'object' && message !== null) {
    const text = field(message, 'text');
    result.message = typeof text === 'string' ? { text } : {};
  }
  const suppressions = field(raw, 'suppressions');
  if (Array.isArray(suppressions)) {
    result.suppressions = suppressions.map((s: unknown) => {
      const status = typeof s === 'object' && s !== null ? field(s, 'status') : undefined;
      return typeof status === 'string' ? { status } : {};
    });
  }
  return result;
}

export const SarifRule = z.looseObject({
  id: optionalString,
  name: optionalString,
  shortDescription: TextBlock,
  help: TextBlock,
  properties: z.looseObject({}).optional().catch(undefined),
});
export type SarifRule = z.infer<typeof SarifRule>;

/** The tool that wrote a run, lower-cased name and full name. */
export function runToolNames(run: SarifRun): { name: string; fullName: string } {
  return { name: run.tool.driver.name.trim().toLowerCase(), fullName: (run.tool.driver.fullName ?? '').trim().toLowerCase() };
}

/** Looks rules up by result: `ruleIndex` when it points at the same id, else `ruleId`. Validates each rule once, lazily. */
export class RuleIndex {
  private readonly raw: unknown[];
  private readonly parsed = new Map<number, SarifRule | undefined>();
  private byId: Map<string, number> | undefined;

  constructor(rules: unknown[]) {
    this.raw = rules;
  }

  private at(index: number): SarifRule | undefined {
    if (!this.parsed.has(index)) {
      const result = SarifRule.safeParse(this.raw[index]);
      this.parsed.set(index, result.success ? result.data : undefined);
    }
    return this.parsed.get(index);
  }

  /** The rule a result refers to, if any. */
  ruleFor(result: SarifResult): SarifRule | undefined {
    if (result.ruleIndex !== undefined && result.ruleIndex < this.raw.length) {
      const rule = this.at(result.ruleIndex);
      if (rule !== undefined && (result.ruleId === undefined || rule.id === result.ruleId)) return rule;
    }
    if (result.ruleId === undefined) return undefined;
    if (this.byId === undefined) {
      this.byId = new Map();
      for (let i = 0; i < this.raw.length; i++) {
        const candidate = this.raw[i];
        if (typeof candidate === 'object' && candidate !== null && 'id' in candidate && typeof candidate.id === 'string') {
          if (!this.byId.has(candidate.id)) this.byId.set(candidate.id, i);
        }
      }
    }
    const index = this.byId.get(result.ruleId);
    return index === undefined ? undefined : this.at(index);
  }
}

/**
 * True when a result was suppressed (e.g. by a VEX statement) and the suppression is
 * not merely under review or rejected. Such results are not counted.
 */
export function isSuppressed(result: SarifResult): boolean {
  const suppressions = result.suppressions;
  if (suppressions === undefined || suppressions.length === 0) return false;
  return !suppressions.some((s) => s.status === 'underReview' || s.status === 'rejected');
}

/** A string property of a rule's `properties` bag. */
export function ruleProperty(rule: SarifRule | undefined, key: string): unknown {
  return rule?.properties?.[key];
}

/** Reads every unsuppressed result of the runs with `read`, keeping the findings it returns. Never throws on shape. */
export function collectSarifFindings(runs: readonly SarifRun[], read: (result: SarifResult, rules: RuleIndex) => ScanFinding | undefined): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const run of runs) {
    const rules = new RuleIndex(run.tool.driver.rules);
    for (const raw of run.results ?? []) {
      const result = readSarifResult(raw);
      if (result === undefined || isSuppressed(result)) continue;
      const finding = read(result, rules);
      if (finding !== undefined) findings.push(finding);
    }
  }
  return findings;
}
