/** The Dockerfile cannot be understood; `line` (1-based) says where. */
export class DockerfileParseError extends Error {
  readonly line: number;

  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'DockerfileParseError';
    this.line = line;
  }
}
