/**
 * What the end-to-end tests and the render benchmark share: the real server
 * started from the built packages, and Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT = resolve(DASHBOARD_DIR, '../..');
export const CLI_BIN = join(REPO_ROOT, 'packages/cli/dist/bin.js');
export const DASHBOARD_DIST = join(DASHBOARD_DIR, 'dist');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(DASHBOARD_DIR, 'test-artifacts/screenshots');

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'e2e-admin-password-0123';

/** Fails with what to do when the built server or dashboard is missing. */
export function assertBuilt(): void {
  const missing = [CLI_BIN, join(DASHBOARD_DIST, 'index.html')].filter((path) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(
      `The end-to-end tests run the built packages, and these are missing: ${missing
        .map((path) => path.slice(REPO_ROOT.length + 1))
        .join(', ')}. Build first: pnpm run build (from the repository root).`,
    );
}

/** Launches headless Chromium, or fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the end-to-end tests need a real browser. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface RunningServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `finops-autopilot serve --port 0` on a fresh data directory (embedded
 * PGlite, simulated fleet) and resolves with its URL once it prints it.
 */
export async function startServer(
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  assertBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'finops-dashboard-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        FINOPS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        FINOPS_ADMIN_EMAIL: ADMIN_EMAIL,
        LOG_LEVEL: 'error',
        NODE_ENV: 'test',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  };
  const timeoutMs = options.timeoutMs ?? 90_000;
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`The server did not print its URL within ${timeoutMs} ms. Output:\n${output}`)),
        timeoutMs,
      );
      child.stdout?.on('data', (chunk: string) => {
        output += chunk;
        const match = /running at (http:\/\/[^\s]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (code ${code}) before it was ready. Output:\n${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Signs in over the API (for the test's own checks). */
export async function apiLogin(
  url: string,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<{
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; role: string };
}> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as never;
}

/** GET with a bearer token; throws on a non-2xx answer. */
export async function apiGet<T>(url: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
      );
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}
