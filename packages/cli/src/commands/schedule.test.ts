import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { memoryIo } from '../test-helpers.js';

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await main(['schedule', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('schedule parse', () => {
  it('prints one line of JSON, days 0 = Monday', async () => {
    const result = await run('parse', 'off=[(M-F,19)];on=[(M-F,7)];tz=et');
    expect(result).toEqual({
      code: 0,
      stdout: '{"off":[{"days":[0,1,2,3,4],"hour":19}],"on":[{"days":[0,1,2,3,4],"hour":7}],"tz":"et"}\n',
      stderr: '',
    });
  });

  it('takes the time zone of tags without tz= from --default-tz (default et)', async () => {
    expect(JSON.parse((await run('parse', 'off=(S-U,0)')).stdout)).toEqual({
      off: [{ days: [5, 6], hour: 0 }],
      on: [],
      tz: 'et',
    });
    expect(JSON.parse((await run('parse', 'on=(M,8)', '--default-tz', 'Europe/Paris')).stdout).tz).toBe(
      'europe/paris',
    );
  });

  it.each([
    [
      ['parse', 'off=[(M-X,19)]'],
      'finops-autopilot schedule parse: Invalid offhours tag: off=[(M-X,19)]: unknown day "x"',
    ],
    [
      ['parse', 'off=(M-F,19)', '--default-tz', 'mars'],
      'finops-autopilot schedule parse: --default-tz: unknown time zone "mars"',
    ],
    [['parse'], 'finops-autopilot schedule: missing the offhours tag to parse'],
    [
      ['parse', 'off=(M-F,', '19)'],
      "finops-autopilot schedule: unexpected argument '19)' (quote the tag if it contains spaces)",
    ],
    [['list'], "finops-autopilot schedule: unknown subcommand 'list' (expected: parse)"],
    [['parse', 'off=(M,1)', '--tz', 'et'], "finops-autopilot schedule: unknown option '--tz'"],
  ])('exits 2 for %j', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toContain(message);
  });

  it('prints its help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: finops-autopilot schedule parse "<offhours tag>" \[--default-tz TZ\]/,
    );
    expect(result.stdout).toContain('(default: et)');
  });
});
