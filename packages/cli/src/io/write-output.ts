import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, describeFsError } from '../cli-error.js';

/**
 * Writes `text` to `path` atomically: into a temporary file next to it, then
 * renamed over it, so readers never see a partial file and a failure leaves
 * any previous file untouched.
 * @throws {CliError} (exit code 1) when the file cannot be written.
 */
export async function writeFileAtomic(path: string, text: string, displayName = path): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError({
      message: `${displayName}: cannot write: ${describeFsError(error)}`,
      exitCode: 1,
      cause: error,
    });
  }
}
