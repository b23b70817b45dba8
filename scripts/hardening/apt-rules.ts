// Rules for stages that use apt: update then upgrade -y, no recommended packages,
// and no package lists left in a layer.
import type { Run } from 'dockerfile-ast';
import { isAptInstall, isAptUpdate, isAptUpgrade, readAptCommand, removesAptLists, type AptCommand } from './apt-commands.ts';
import { outcomeOf, type HardeningRule } from './hardening-rule.ts';
import { describeStage, lineOf, stageRuns, type Stage } from './split-stages.ts';

interface AptRun {
  run: Run;
  commands: string[][];
  apt: AptCommand[];
}

function aptRuns(stage: Stage): AptRun[] {
  return stageRuns(stage)
    .map(({ run, commands }) => ({ run, commands, apt: commands.map(readAptCommand).filter((a): a is AptCommand => a !== undefined) }))
    .filter((r) => r.apt.length > 0);
}

/** What is wrong with the order of a stage's apt commands: install before update, no update, no `upgrade -y` after the update. */
function aptOrderProblems(apt: readonly AptCommand[]): string[] {
  const problems: string[] = [];
  const update = apt.findIndex(isAptUpdate);
  if (update < 0) return ['runs apt-get without apt-get update'];
  if (apt.slice(0, update).some(isAptInstall)) problems.push('runs apt-get install before apt-get update');
  const upgrades = apt.filter((a, i) => i > update && isAptUpgrade(a));
  if (upgrades.length === 0) problems.push('runs no apt-get upgrade after apt-get update');
  else if (!upgrades.some((a) => a.assumeYes)) problems.push('runs apt-get upgrade without -y');
  return problems;
}

export const aptUpdateUpgradeRule: HardeningRule = {
  id: 'apt-update-upgrade',
  summary: 'every stage that runs apt-get runs `apt-get update` and then `apt-get upgrade -y`',
  check(parsed) {
    const problems: string[] = [];
    let aptStages = 0;
    for (const stage of parsed.stages) {
      const apt = aptRuns(stage).flatMap((r) => r.apt);
      if (apt.length === 0) continue;
      aptStages++;
      problems.push(...aptOrderProblems(apt).map((p) => `${describeStage(stage)} ${p}`));
    }
    return outcomeOf(problems, aptStages === 0 ? 'no stage runs apt-get' : `${aptStages} stage(s) run apt-get; each updates and upgrades`);
  },
};

/** Whether a RUN mounts a cache over /var/lib/apt/lists, so the lists never land in the layer. */
function mountsAptLists(run: Run): boolean {
  return run
    .getFlags()
    .filter((flag) => flag.getName() === 'mount')
    .some((flag) => flag.getOptions().some((o) => ['target', 'dst', 'destination'].includes(o.getName()) && /^\/var\/lib\/apt\/lists\/?$/.test(o.getValue() ?? '')));
}

export const aptListsRemovedRule: HardeningRule = {
  id: 'apt-lists-removed',
  summary: 'every RUN that runs apt-get update removes /var/lib/apt/lists in the same RUN',
  check(parsed) {
    const problems: string[] = [];
    let updates = 0;
    for (const stage of parsed.stages) {
      for (const { run, commands } of aptRuns(stage)) {
        const update = commands.findIndex((words) => {
          const apt = readAptCommand(words);
          return apt !== undefined && isAptUpdate(apt);
        });
        if (update < 0) continue;
        updates++;
        const removed = commands.slice(update + 1).some(removesAptLists);
        if (!removed && !mountsAptLists(run)) problems.push(`${describeStage(stage)}: the RUN on line ${lineOf(run)} leaves /var/lib/apt/lists in its layer`);
      }
    }
    return outcomeOf(problems, updates === 0 ? 'no RUN runs apt-get update' : `all ${updates} RUN(s) with apt-get update remove /var/lib/apt/lists`);
  },
};

export const aptNoRecommendsRule: HardeningRule = {
  id: 'apt-no-install-recommends',
  summary: 'every apt-get install has --no-install-recommends',
  check(parsed) {
    const problems: string[] = [];
    let installs = 0;
    for (const stage of parsed.stages) {
      for (const { run, apt } of aptRuns(stage)) {
        for (const command of apt.filter(isAptInstall)) {
          installs++;
          if (!command.noRecommends) problems.push(`${describeStage(stage)}: apt-get install on line ${lineOf(run)} lacks --no-install-recommends`);
        }
      }
    }
    return outcomeOf(problems, installs === 0 ? 'no apt-get install' : `all ${installs} apt-get install(s) have --no-install-recommends`);
  },
};
