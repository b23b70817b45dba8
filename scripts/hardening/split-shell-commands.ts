// Splits the shell script of a RUN instruction into simple commands and their words:
// enough of POSIX sh to see which programs run with which arguments, not an interpreter.

/** Characters that end a simple command outside quotes. */
const SEPARATORS = new Set([';', '&', '|', '\n', '(', ')']);

/** Characters that start a redirection outside quotes. */
const REDIRECTS = new Set(['<', '>']);

/**
 * The simple commands of `script`, each as its words with quotes and backslash
 * escapes removed. `&&`, `||`, `;`, `|`, `&`, newlines and parentheses separate
 * commands; `#` at a word start begins a comment; redirections (`2>&1`, `>/dev/null`,
 * `<<EOF`) are dropped with their file descriptor and target.
 */
export function splitShellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let redirectTarget = false;
  const endWord = (): void => {
    if (inWord && !redirectTarget) words.push(word);
    if (inWord) redirectTarget = false;
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    redirectTarget = false;
    if (words.length > 0) commands.push(words);
    words = [];
  };

  for (let i = 0; i < script.length; i++) {
    const ch = script[i] ?? '';
    if (ch === '\\') {
      const next = script[i + 1];
      i++;
      if (next === undefined || next === '\n') continue;
      word += next;
      inWord = true;
    } else if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? script.length : close;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      i = readDoubleQuoted(script, i + 1, (text) => (word += text));
      inWord = true;
    } else if (ch === '#' && !inWord) {
      const newline = script.indexOf('\n', i);
      i = newline < 0 ? script.length : newline - 1;
    } else if (REDIRECTS.has(ch) || (ch === '&' && script[i + 1] === '>')) {
      if (/^\d+$/.test(word)) {
        word = '';
        inWord = false;
      }
      endWord();
      i = skipRedirection(script, i);
      // `2>&1`, `>&-` duplicate or close a descriptor: no file name follows.
      const duplicate = ch !== '&' && script[i] === '&';
      if (duplicate) while (/[\d-]/.test(script[i + 1] ?? '')) i++;
      redirectTarget = !duplicate;
    } else if (SEPARATORS.has(ch)) {
      endCommand();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** The index of the last character of the redirection operator (`>`, `>>`, `2>&`, `<<`, `&>`…) starting at `start`. */
function skipRedirection(script: string, start: number): number {
  let i = start;
  while (/[<>&|]/.test(script[i + 1] ?? '')) i++;
  return i;
}

/** Reads a double-quoted string from `start` (after the quote); returns the index of the closing quote. */
function readDoubleQuoted(script: string, start: number, append: (text: string) => void): number {
  let i = start;
  for (; i < script.length; i++) {
    const ch = script[i] ?? '';
    if (ch === '"') return i;
    if (ch === '\\' && ['"', '\\', '$', '`', '\n'].includes(script[i + 1] ?? '')) {
      i++;
      if (script[i] !== '\n') append(script[i] ?? '');
    } else {
      append(ch);
    }
  }
  return i;
}

/** Wrappers that run the command in their arguments. */
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nice', 'nohup', 'time']);

/** The words of a simple command from the program on: leading `VAR=value` assignments and wrappers such as `env` or `sudo` dropped. */
export function programWords(words: readonly string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || WRAPPERS.has(word)) i++;
    else if (i > 0 && word.startsWith('-') && WRAPPERS.has(words[i - 1] ?? '')) i++;
    else break;
  }
  return words.slice(i);
}

/** The last path segment of a program: `/usr/bin/apt-get` → `apt-get`. */
export function programName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}
