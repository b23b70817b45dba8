// Checks a Dockerfile against the hardening rules freshpin holds its own image to.
import { aptListsRemovedRule, aptNoRecommendsRule, aptUpdateUpgradeRule } from './apt-rules.ts';
import { multiStageRule, pinnedBaseImagesRule } from './base-image-rules.ts';
import type { HardeningRule } from './hardening-rule.ts';
import { cmdExecFormRule, healthcheckRule, nodeEnvProductionRule, numericUserRule, setidStrippedRule, tiniEntrypointRule } from './runtime-rules.ts';
import { splitStages } from './split-stages.ts';

export interface HardeningResult {
  rule: string;
  ok: boolean;
  detail: string;
}

/** Every rule, in report order. */
export const HARDENING_RULES: readonly HardeningRule[] = [
  multiStageRule,
  pinnedBaseImagesRule,
  aptUpdateUpgradeRule,
  aptListsRemovedRule,
  aptNoRecommendsRule,
  numericUserRule,
  setidStrippedRule,
  tiniEntrypointRule,
  cmdExecFormRule,
  nodeEnvProductionRule,
  healthcheckRule,
];

/** The ids of every rule, in report order. */
export const HARDENING_RULE_IDS: readonly string[] = HARDENING_RULES.map((r) => r.id);

/** One result per rule for the Dockerfile `text`: whether it holds, and why. */
export function checkImageHardening(text: string): HardeningResult[] {
  const parsed = splitStages(text);
  return HARDENING_RULES.map((rule) => ({ rule: rule.id, ...rule.check(parsed) }));
}
