// Debian end of life: when a pin's codename is past Debian's support, look for the nearest
// later supported codename whose family every fed image has, with the same checks as an
// update (any date qualifies; a codename without a qualifying value is passed over).
import type { FromLine, Pin } from '../model.ts';
import { debianEndOfLife, findDebianCodename, laterSupportedCodenames, replaceDebianCodename } from '../tags/debian-support.ts';
import type { FactsView, PinEol, PlanPolicy, ValueProposal, SkippedValue, Step } from './plan-types.ts';
import { locateTargets } from './locate-targets.ts';
import { searchFamily } from './search-family.ts';
import type { FamilyOutcome } from './search-family.ts';

export interface CodenameInput {
  pin: Pin;
  froms: readonly FromLine[];
  policy: PlanPolicy;
  now: Date;
  facts: FactsView;
}

/** The result for one explicit codename: a proposal, or why there is none. */
export type CodenameResult = ({ kind: 'proposal' } & ValueProposal) | { kind: 'missing'; reasons: string[]; undecided: boolean };

export interface MigrationOutcome {
  migration?: ValueProposal;
  skipped: SkippedValue[];
  errors: string[];
}

/** One line on why a codename was passed over. */
function summarise(codename: string, outcome: FamilyOutcome): string {
  if (outcome.candidates === 0) return `no dated ${codename} tag on the fed images`;
  const first = outcome.skipped[0];
  const newest = first === undefined ? [] : outcome.skipped.filter((s) => s.value === first.value).map((s) => s.reason);
  const count = outcome.candidates === 1 ? `the only ${codename} value` : `none of ${outcome.candidates} ${codename} values`;
  return `${count} qualifies; newest ${first?.value ?? '?'}: ${newest.join('; ')}`;
}

/** Checks the pin's family moved to an explicit codename. */
export function proposeCodename(input: CodenameInput & { codename: string }): Step<CodenameResult> {
  const { pin, froms, policy, now, facts, codename } = input;
  const from = findDebianCodename(pin.value);
  if (from === undefined) return { kind: 'done', value: { kind: 'missing', reasons: [`${pin.value} names no Debian codename`], undecided: false } };
  const value = replaceDebianCodename(pin.value, from, codename);
  const located = locateTargets(pin, froms, value, now);
  if (!located.ok) return { kind: 'done', value: { kind: 'missing', reasons: located.errors, undecided: false } };
  const step = searchFamily({ pinId: pin.id, dated: located.dated, targets: located.targets, after: undefined, policy, now, facts });
  if (step.kind === 'need') return step;
  const outcome = step.value;
  if (outcome.proposal !== undefined) return { kind: 'done', value: { kind: 'proposal', ...outcome.proposal } };
  const reasons = [summarise(codename, outcome), ...outcome.errors];
  return { kind: 'done', value: { kind: 'missing', reasons, undecided: outcome.undecided } };
}

/** The pin's Debian end of life at `now`, when its codename is past support. */
export function pinEndOfLife(pin: Pin, now: Date): PinEol | undefined {
  const codename = findDebianCodename(pin.value);
  return codename === undefined ? undefined : debianEndOfLife(codename, now);
}

/** The first of `codenames` (in order) that has a proposal, and why each one before it has none. */
export interface CodenamesOutcome {
  found?: { codename: string; proposal: ValueProposal };
  passed: Array<{ codename: string; reasons: string[] }>;
}

/** Tries `codenames` in order, each with `proposeCodename`: the one codename loop of the end-of-life migration and `upgrade`. */
export function searchCodenames(input: CodenameInput, codenames: readonly string[]): Step<CodenamesOutcome> {
  const outcome: CodenamesOutcome = { passed: [] };
  for (const codename of codenames) {
    const step = proposeCodename({ ...input, codename });
    if (step.kind === 'need') return step;
    const result = step.value;
    if (result.kind === 'proposal') {
      outcome.found = { codename, proposal: { proposed: result.proposed, images: result.images } };
      break;
    }
    outcome.passed.push({ codename, reasons: result.reasons });
  }
  return { kind: 'done', value: outcome };
}

/** Searches later supported codenames, nearest first, for the migration. */
export function searchMigration(input: CodenameInput, eol: PinEol): Step<MigrationOutcome> {
  const step = searchCodenames(input, laterSupportedCodenames(eol.codename, input.now));
  if (step.kind === 'need') return step;
  const outcome: MigrationOutcome = { skipped: [], errors: [] };
  for (const { codename, reasons } of step.value.passed) {
    const [summary, ...errors] = reasons;
    outcome.skipped.push({ value: codename, reason: summary ?? 'no qualifying value' });
    for (const error of errors) if (!outcome.errors.includes(error)) outcome.errors.push(error);
  }
  if (step.value.found !== undefined) outcome.migration = step.value.found.proposal;
  return { kind: 'done', value: outcome };
}
