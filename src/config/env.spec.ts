import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { Env, EnvError, validateEnv } from './env';

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnv(raw);
    return [];
  } catch (error) {
    return (error as EnvError).problems;
  }
}

describe('validateEnv', () => {
  it('applies the documented defaults', () => {
    const env = validateEnv({ WEBEX_ACCESS_TOKEN: 't' });
    expect(env.PORT).toBe(3000);
    expect(env.WEBEX_BASE_URL).toBe('https://webexapis.com/v1');
    expect(env.CACHE_STORE).toBe('memory');
    expect(env.CACHE_TTL_LIST_S).toBe(60);
    expect(env.UPSTREAM_DEADLINE_MS).toBe(10000);
    expect(env.LIST_MAX_ITEMS).toBe(1000);
    expect(env.useSandbox).toBe(false);
  });

  it('names every offending variable, one line each', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      CACHE_STORE: 'disk',
      UPSTREAM_MAX_ATTEMPTS: '0',
      WEBEX_BASE_URL: 'not a url',
    });
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'CACHE_STORE', 'UPSTREAM_MAX_ATTEMPTS', 'WEBEX_BASE_URL'])
      expect(problems.some((line) => line.startsWith(`${name}:`))).toBe(true);
  });

  it('requires REDIS_URL with the redis store', () => {
    expect(problemsOf({ WEBEX_ACCESS_TOKEN: 't', CACHE_STORE: 'redis' })).toEqual([
      expect.stringMatching(/^REDIS_URL:/),
    ]);
  });

  it('uses the sandbox without credentials outside production, and refuses that in production', () => {
    expect(validateEnv({}).useSandbox).toBe(true);
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((line) => line.startsWith('WEBEX_ACCESS_TOKEN:'))).toBe(true);
    expect(problems.some((line) => line.startsWith('API_KEYS:'))).toBe(true);
  });

  it('prefers OAuth refresh only when all three variables are set', () => {
    expect(validateEnv({ WEBEX_CLIENT_ID: 'a', WEBEX_CLIENT_SECRET: 'b' }).useSandbox).toBe(true);
    expect(
      validateEnv({ WEBEX_CLIENT_ID: 'a', WEBEX_CLIENT_SECRET: 'b', WEBEX_REFRESH_TOKEN: 'c' })
        .useSandbox,
    ).toBe(false);
  });

  it('checks CORS origins', () => {
    expect(
      problemsOf({ WEBEX_ACCESS_TOKEN: 't', CORS_ORIGINS: 'https://dash.example.com, ftp://x' }),
    ).toEqual([expect.stringMatching(/^CORS_ORIGINS:/)]);
  });
});

describe('.env.example', () => {
  it('lists every variable the service reads, each under a comment', () => {
    const names = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(Env, '', true, false)
        .map((meta) => meta.propertyName)
        .filter((name) => /^[A-Z]/.test(name)),
    );
    const example = readFileSync(resolve(__dirname, '../../.env.example'), 'utf8').split('\n');
    const listed = example
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => line.split('=')[0]);
    expect([...names].sort()).toEqual([...listed].sort());
    for (const name of listed) {
      const at = example.findIndex((line) => line.startsWith(`${name}=`));
      expect(example.slice(Math.max(0, at - 3), at).some((line) => line.startsWith('# '))).toBe(
        true,
      );
    }
  });
});
