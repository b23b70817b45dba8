// The bump decision for one pin, as a pure step: either the facts still needed, or the plan.
// The caller fetches what is asked, stores it in the FactsView and calls again.
import { factKey } from './facts-store.ts';
import { fedReferences, locateTargets } from './locate-targets.ts';
import { pinEndOfLife, searchMigration } from './plan-migration.ts';
import type { MigrationOutcome } from './plan-migration.ts';
import type { FactQuery, PinEol, PinPlan, PinStatus, PlanInput, Step } from './plan-types.ts';
import { searchFamily } from './search-family.ts';
import type { FamilyOutcome } from './search-family.ts';

export type PlanStep = { kind: 'need'; queries: FactQuery[] } | { kind: 'done'; plan: PinPlan };

/** Queries without repeats, in first-asked order. */
function distinctQueries(queries: readonly FactQuery[]): FactQuery[] {
  const seen = new Map<string, FactQuery>();
  for (const query of queries) if (!seen.has(factKey(query))) seen.set(factKey(query), query);
  return [...seen.values()];
}

/** The status of a same-family search. */
function familyStatus(outcome: FamilyOutcome): PinStatus {
  if (outcome.proposal !== undefined) return 'update';
  if (outcome.undecided) return 'error';
  return outcome.candidates > 0 ? 'blocked' : 'up-to-date';
}

/** Errors in first-seen order, without repeats. */
function distinct(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

/** Puts the update search and the migration search together into the plan. */
function assemble(input: PlanInput, feeds: string[], update: FamilyOutcome, migration: MigrationOutcome | undefined, eol: PinEol | undefined): PinPlan {
  const plan: PinPlan = {
    status: familyStatus(update),
    current: input.pin.value,
    feeds,
    images: [],
    skipped: update.skipped,
    migrationSkipped: migration?.skipped ?? [],
    errors: distinct([...update.errors, ...(migration?.errors ?? [])]),
  };
  if (eol !== undefined) plan.eol = eol;
  if (migration?.migration !== undefined) plan.migration = migration.migration;
  const chosen = input.policy.migrate && plan.migration !== undefined ? plan.migration : update.proposal;
  if (chosen !== undefined) {
    plan.status = 'update';
    plan.proposed = chosen.proposed;
    plan.images = chosen.images;
  }
  return plan;
}

/**
 * Plans one pin. Returns `need` with the unanswered fact queries (never one already
 * answered), or `done` with the plan. Pins whose fed images cannot all be managed are
 * `unmanaged`; facts that could not be had make the pin `error` only when no decision
 * is possible without them.
 */
export function planPin(input: PlanInput): PlanStep {
  const { pin, froms, policy, now, facts } = input;
  const feeds = fedReferences(pin, froms);
  const located = locateTargets(pin, froms, pin.value, now);
  const eol = pinEndOfLife(pin, now);
  if (!located.ok) {
    const plan: PinPlan = { status: 'unmanaged', current: pin.value, feeds, images: [], skipped: [], migrationSkipped: [], errors: located.errors };
    if (eol !== undefined) plan.eol = eol;
    return { kind: 'done', plan };
  }
  const update = searchFamily({ pinId: pin.id, dated: located.dated, targets: located.targets, after: located.dated.date, policy, now, facts });
  const migration: Step<MigrationOutcome> | undefined = eol === undefined ? undefined : searchMigration({ pin, froms, policy, now, facts }, eol);
  if (update.kind === 'need' || migration?.kind === 'need') {
    const queries = [update, migration].flatMap((step) => (step?.kind === 'need' ? step.queries : []));
    return { kind: 'need', queries: distinctQueries(queries) };
  }
  return { kind: 'done', plan: assemble(input, feeds, update.value, migration?.value, eol) };
}
