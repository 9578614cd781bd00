import { isAbsolute, resolve } from 'node:path';

/** Where the CLI writes and how it resolves paths; `process` streams in the real program, buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /**
   * Directory that relative paths are resolved against.
   * @default env.INIT_CWD ?? process.cwd() (pnpm runs root scripts from the repository root; INIT_CWD is where the command was typed)
   */
  cwd?: string;
  /** Environment. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Resolves a path given on the command line. */
export function resolveUserPath(io: CliIo, path: string): string {
  if (isAbsolute(path)) return path;
  const base = io.cwd ?? (io.env ?? process.env)['INIT_CWD'] ?? process.cwd();
  return resolve(base, path);
}
