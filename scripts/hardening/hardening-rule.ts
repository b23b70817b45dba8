// The shape of one hardening rule: an id, what it asks for, and a check over the parsed file.
import type { ParsedDockerfile } from './split-stages.ts';

export interface RuleOutcome {
  ok: boolean;
  detail: string;
}

export interface HardeningRule {
  /** Stable kebab-case id, e.g. `numeric-user`. */
  id: string;
  /** What the rule asks for, one line. */
  summary: string;
  check(parsed: ParsedDockerfile): RuleOutcome;
}

export function pass(detail: string): RuleOutcome {
  return { ok: true, detail };
}

export function fail(detail: string): RuleOutcome {
  return { ok: false, detail };
}

/** Fails with every problem joined, or passes with `okDetail` when there are none. */
export function outcomeOf(problems: readonly string[], okDetail: string): RuleOutcome {
  return problems.length === 0 ? pass(okDetail) : fail(problems.join('; '));
}
