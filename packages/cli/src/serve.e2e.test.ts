import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REPO_ROOT, tempDir } from './test-helpers.js';

/**
 * The operator's path, as the README tells it: `finops-autopilot serve` on the
 * embedded default (PGlite directory, simulated fleet), a first admin whose
 * generated password is printed once, sign-in over HTTP, recommendations
 * appearing, an approval executed live over the WebSocket, and a restart that
 * keeps everything.
 */
interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startServe(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.FINOPS_ADMIN_PASSWORD;
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=dev-source',
      'packages/cli/src/bin.ts',
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const check = setInterval(() => {
      const match = /running at (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

async function call(url: string, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let dir = '';
let cleanup: (() => Promise<void>) | undefined;
let running: Running | undefined;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  if (running && running.child.exitCode === null) await stop(running);
  await cleanup?.();
});

describe('finops-autopilot serve', () => {
  it('starts, signs in, approves and executes live, and keeps everything across a restart', async () => {
    const dataDir = join(dir, 'data');
    running = await startServe(dataDir);
    const { url } = running;
    const printed = /created admin (\S+) with password (\S+)/.exec(running.output());
    expect(printed, running.output()).not.toBeNull();
    const [, email, password] = printed!;

    const login = await call(url, 'POST', '/api/auth/login', undefined, { email, password });
    expect(login.status).toBe(200);
    const admin = login.body.accessToken as string;

    // A second approver, invited by the admin, for recommendations that need two distinct people.
    const invite = await call(url, 'POST', '/api/users/invitations', admin, {
      email: 'ops@example.com',
      role: 'approver',
    });
    expect(invite.status).toBe(201);
    const registered = await call(url, 'POST', '/api/auth/register', undefined, {
      invitationToken: invite.body.invitationToken,
      email: 'ops@example.com',
      password: 'another long passphrase',
      name: 'Ops',
    });
    expect(registered.status).toBe(201);
    const approver = registered.body.accessToken as string;

    const messages: { type: string; payload: { execution: { recommendationId: string; status: string } } }[] =
      [];
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, ['bearer', admin]);
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });

    const pending = await waitFor('a recommendation awaiting approval', async () => {
      const list = await call(url, 'GET', '/api/recommendations?mode=pending&limit=1', admin);
      return list.body.items[0] as { id: string } | undefined;
    });
    let approval = (await call(url, 'GET', `/api/recommendations/${pending.id}/approval`, admin)).body;
    const people = [admin, approver];
    for (let turn = 0; approval.status === 'pending' && turn < 4; turn += 1) {
      const answer = await call(url, 'POST', `/api/recommendations/${pending.id}/approve`, people[turn % 2], {
        reason: 'numbers checked',
      });
      expect(answer.status).toBe(200);
      approval = answer.body;
    }
    expect(approval.status).toBe('approved');

    const executed = await waitFor('the execution over the WebSocket', async () =>
      messages.find(
        (message) =>
          message.type === 'execution-end' && message.payload.execution.recommendationId === pending.id,
      ),
    );
    expect(executed.payload.execution.status).toBe('succeeded');
    expect(messages[0]?.type).toBe('hello');
    socket.close();

    const before = await call(url, 'GET', '/api/recommendations?limit=1', admin);
    expect(await stop(running)).toBe(0);

    running = await startServe(dataDir);
    expect(running.output()).not.toMatch(/password/);
    const again = await call(running.url, 'POST', '/api/auth/login', undefined, { email, password });
    expect(again.status).toBe(200);
    const token = again.body.accessToken as string;
    const after = await call(running.url, 'GET', '/api/recommendations?limit=1', token);
    expect(after.body.total).toBeGreaterThanOrEqual(before.body.total);
    const detail = await call(running.url, 'GET', `/api/recommendations/${pending.id}`, token);
    expect(['executed', 'verified']).toContain(detail.body.recommendation.status);
    const opsLogin = await call(running.url, 'POST', '/api/auth/login', undefined, {
      email: 'ops@example.com',
      password: 'another long passphrase',
    });
    expect(opsLogin.status).toBe(200);
    expect(await stop(running)).toBe(0);
  }, 180_000);
});
