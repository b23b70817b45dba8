// Rules for the final (runtime) stage: who it runs as, what it runs, and how it is checked.
import { Env, Healthcheck } from 'dockerfile-ast';
import { isAptInstall, readAptCommand } from './apt-commands.ts';
import { fail, pass, type HardeningRule } from './hardening-rule.ts';
import { execFormArguments, finalStage, lastInstruction, lineOf, stageRuns } from './split-stages.ts';
import { programName } from './split-shell-commands.ts';

export const numericUserRule: HardeningRule = {
  id: 'numeric-user',
  summary: 'the final stage sets USER to a numeric, non-zero UID:GID',
  check(parsed) {
    const stage = finalStage(parsed);
    const user = stage === undefined ? undefined : lastInstruction(stage, 'USER');
    if (user === undefined) return fail('the final stage has no USER: it runs as root');
    const value = (user.getArgumentsContent() ?? '').trim();
    const match = /^(\d+):(\d+)$/.exec(value);
    if (match === null) return fail(`USER ${value} on line ${lineOf(user)} is not a numeric UID:GID`);
    if (Number(match[1]) === 0 || Number(match[2]) === 0) return fail(`USER ${value} on line ${lineOf(user)} is root`);
    return pass(`USER ${value}`);
  },
};

const CHMOD_OPTIONS = new Set(['-R', '-v', '-c', '-f', '--recursive', '--verbose', '--changes', '--silent', '--quiet']);

/** Whether a symbolic chmod mode clears both the setuid and the setgid bit (`a-s`, `ug-s`, `u-s,g-s`, `-s`). */
export function clearsSetidBits(mode: string): boolean {
  let user = false;
  let group = false;
  for (const clause of mode.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (match === null) return false;
    const [, who = '', op, perms = ''] = match;
    if (op !== '-' || !perms.includes('s')) continue;
    if (who === '' || who.includes('a') || who.includes('u')) user = true;
    if (who === '' || who.includes('a') || who.includes('g')) group = true;
  }
  return user && group;
}

/** Whether the words run chmod (directly or through `find … -exec`) with a mode that clears setuid and setgid. */
export function stripsSetidBits(words: readonly string[]): boolean {
  let start = programName(words[0] ?? '') === 'chmod' ? 0 : -1;
  if (programName(words[0] ?? '') === 'find') {
    const exec = words.findIndex((w, i) => (w === '-exec' || w === '-execdir') && programName(words[i + 1] ?? '') === 'chmod');
    start = exec < 0 ? -1 : exec + 1;
  }
  if (start < 0) return false;
  const mode = words.slice(start + 1).find((w) => !CHMOD_OPTIONS.has(w));
  return mode !== undefined && clearsSetidBits(mode);
}

export const setidStrippedRule: HardeningRule = {
  id: 'setuid-stripped',
  summary: 'the final stage strips setuid/setgid bits after its last package install',
  check(parsed) {
    const stage = finalStage(parsed);
    if (stage === undefined) return fail('no final stage');
    const runs = stageRuns(stage);
    const lastInstall = runs.findLastIndex(({ commands }) =>
      commands.some((words) => {
        const apt = readAptCommand(words);
        return (apt !== undefined && isAptInstall(apt)) || (programName(words[0] ?? '') === 'dpkg' && words.includes('-i'));
      }),
    );
    const strip = runs.findIndex(({ commands }, i) => i >= lastInstall && commands.some(stripsSetidBits));
    if (strip < 0) {
      const where = lastInstall < 0 ? '' : ` after the package install on line ${lineOf(runs[lastInstall]?.run ?? stage.from)}`;
      return fail(`the final stage strips no setuid/setgid bits${where} (find / -xdev -perm /6000 -type f -exec chmod a-s {} +)`);
    }
    return pass(`setuid/setgid bits stripped on line ${lineOf(runs[strip]?.run ?? stage.from)}`);
  },
};

export const tiniEntrypointRule: HardeningRule = {
  id: 'tini-entrypoint',
  summary: 'ENTRYPOINT is in exec form and starts with tini',
  check(parsed) {
    const stage = finalStage(parsed);
    const entrypoint = stage === undefined ? undefined : lastInstruction(stage, 'ENTRYPOINT');
    if (entrypoint === undefined) return fail('the final stage has no ENTRYPOINT');
    const args = execFormArguments(entrypoint);
    if (args === undefined) return fail(`ENTRYPOINT on line ${lineOf(entrypoint)} is in shell form`);
    const program = programName(args[0] ?? '');
    if (program !== 'tini' && program !== 'tini-static') return fail(`ENTRYPOINT on line ${lineOf(entrypoint)} starts with ${args[0] ?? 'nothing'}, not tini`);
    return pass(`ENTRYPOINT ${JSON.stringify(args)}`);
  },
};

export const cmdExecFormRule: HardeningRule = {
  id: 'cmd-exec-form',
  summary: 'CMD is in exec form',
  check(parsed) {
    const stage = finalStage(parsed);
    const cmd = stage === undefined ? undefined : lastInstruction(stage, 'CMD');
    if (cmd === undefined) return fail('the final stage has no CMD');
    const args = execFormArguments(cmd);
    if (args === undefined || args.length === 0) return fail(`CMD on line ${lineOf(cmd)} is not in exec form`);
    return pass(`CMD ${JSON.stringify(args)}`);
  },
};

export const nodeEnvProductionRule: HardeningRule = {
  id: 'node-env-production',
  summary: 'the final stage sets ENV NODE_ENV=production',
  check(parsed) {
    const stage = finalStage(parsed);
    const values = (stage?.instructions ?? [])
      .filter((i): i is Env => i instanceof Env)
      .flatMap((env) => env.getProperties().filter((p) => p.getName() === 'NODE_ENV').map((p) => p.getValue()));
    const value = values.at(-1);
    if (value === undefined) return fail('the final stage does not set NODE_ENV');
    if (value !== 'production') return fail(`NODE_ENV is ${value ?? '(empty)'}, not production`);
    return pass('NODE_ENV=production');
  },
};

export const healthcheckRule: HardeningRule = {
  id: 'healthcheck',
  summary: 'the final stage has a HEALTHCHECK (not NONE) that targets /healthz',
  check(parsed) {
    const stage = finalStage(parsed);
    const check = stage?.instructions.filter((i): i is Healthcheck => i instanceof Healthcheck).at(-1);
    if (check === undefined) return fail('the final stage has no HEALTHCHECK');
    const subcommand = check.getSubcommand()?.getValue().toUpperCase();
    if (subcommand !== 'CMD') return fail(`HEALTHCHECK on line ${lineOf(check)} is ${subcommand ?? 'empty'}, not CMD`);
    if (!(check.getArgumentsContent() ?? '').includes('/healthz')) return fail(`HEALTHCHECK on line ${lineOf(check)} does not target /healthz`);
    return pass(`HEALTHCHECK on line ${lineOf(check)} targets /healthz`);
  },
};
