import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { envVariables } from '../../test/support/env-variables';
import { EnvError, validateEnv } from './env';

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
    expect(env.REQUEST_TIMEOUT_MS).toBeUndefined();
    expect(env.requestTimeoutMs).toBe(15000);
    expect(env.upstreamDeadlineMs).toBe(10000);
  });

  it('accepts UPSTREAM_DEADLINE_MS alone, low or high; the request timeout follows it', () => {
    expect(validateEnv({ UPSTREAM_DEADLINE_MS: '3000' })).toMatchObject({
      UPSTREAM_TIMEOUT_MS: 5000,
      upstreamDeadlineMs: 3000,
      requestTimeoutMs: 15000,
    });
    expect(validateEnv({ UPSTREAM_DEADLINE_MS: '20000' })).toMatchObject({
      upstreamDeadlineMs: 20000,
      requestTimeoutMs: 25000,
    });
  });

  it('ends the upstream deadline 250 ms before a shorter request timeout', () => {
    expect(
      validateEnv({ UPSTREAM_DEADLINE_MS: '20000', REQUEST_TIMEOUT_MS: '8000' }),
    ).toMatchObject({ upstreamDeadlineMs: 7750, requestTimeoutMs: 8000 });
    expect(validateEnv({ REQUEST_TIMEOUT_MS: '1000' })).toMatchObject({
      upstreamDeadlineMs: 750,
      requestTimeoutMs: 1000,
    });
    expect(
      validateEnv({ UPSTREAM_DEADLINE_MS: '5000', REQUEST_TIMEOUT_MS: '60000' }),
    ).toMatchObject({ upstreamDeadlineMs: 5000, requestTimeoutMs: 60000 });
  });

  it('accepts every number alone at its lowest and highest value, and names it one past either', () => {
    for (const { name, min, max } of envVariables().filter((variable) => variable.numeric)) {
      for (const value of [min, max])
        expect({ name, problems: problemsOf({ [name]: String(value) }) }).toEqual({
          name,
          problems: [],
        });
      for (const value of [Number(min) - 1, Number(max) + 1])
        expect({ name, problems: problemsOf({ [name]: String(value) }) }).toEqual({
          name,
          problems: [expect.stringMatching(new RegExp(`^${name}:`))],
        });
    }
  });

  it('checks each TRUST_PROXY entry is an IP address or CIDR', () => {
    expect(problemsOf({ TRUST_PROXY: '10.0.0.7, 192.168.0.0/16, ::1, 2001:db8::/32' })).toEqual([]);
    for (const bad of ['gateway', '10.0.0.0/33', '10.0.0.1/', '2001:db8::/129', '10.0.0.0/8/8'])
      expect(problemsOf({ TRUST_PROXY: `10.0.0.7,${bad}` })).toEqual([
        `TRUST_PROXY: "${bad}" is not an IP address or CIDR`,
      ]);
  });

  it('reads CORS_ALLOW_CREDENTIALS as true or false only', () => {
    expect(validateEnv({ CORS_ALLOW_CREDENTIALS: 'true' }).CORS_ALLOW_CREDENTIALS).toBe(true);
    expect(validateEnv({ CORS_ALLOW_CREDENTIALS: 'false' }).CORS_ALLOW_CREDENTIALS).toBe(false);
    expect(problemsOf({ CORS_ALLOW_CREDENTIALS: 'yes' })).toEqual([
      expect.stringMatching(/^CORS_ALLOW_CREDENTIALS:/),
    ]);
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

/** `NAME=value` lines of .env.example, each with the line above it. */
function exampleEntries(): { name: string; value: string; comment: string }[] {
  const lines = readFileSync(resolve(__dirname, '../../.env.example'), 'utf8').split('\n');
  return lines.flatMap((line, at) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return match ? [{ name: match[1], value: match[2], comment: lines[at - 1] ?? '' }] : [];
  });
}

/** Rows of the README's configuration table: `| \`NAME\` | \`default\` | range | meaning |`. */
function readmeRows(): { name: string; value: string; range: string }[] {
  const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## '));
  return table.split('\n').flatMap((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
    if (!name) return [];
    return [{ name, value: cells[2].replace(/^`(.*)`$/, '$1'), range: cells[3] }];
  });
}

const sorted = (names: string[]) => [...names].sort();

describe('the three descriptions of the configuration', () => {
  const variables = envVariables();
  const example = exampleEntries();
  const readme = readmeRows();

  it('name the same variables, each once', () => {
    const names = sorted(variables.map((variable) => variable.name));
    expect(names.length).toBeGreaterThan(30);
    expect(sorted(example.map((entry) => entry.name))).toEqual(names);
    expect(sorted(readme.map((row) => row.name))).toEqual(names);
  });

  it('give each variable the default of src/config/env.ts', () => {
    for (const variable of variables) {
      const expected = { name: variable.name, value: variable.default };
      const inExample = example.find((entry) => entry.name === variable.name);
      const inReadme = readme.find((row) => row.name === variable.name);
      expect({ name: variable.name, value: inExample?.value }).toEqual(expected);
      expect({ name: variable.name, value: inReadme?.value }).toEqual(expected);
    }
  });

  it('put each variable of .env.example directly under its own comment', () => {
    for (const entry of example)
      expect({ name: entry.name, comment: /^# \S/.test(entry.comment) }).toEqual({
        name: entry.name,
        comment: true,
      });
  });

  it('bound every number, and state the bounds in .env.example and the README', () => {
    for (const variable of variables.filter((candidate) => candidate.numeric)) {
      const { name, min, max } = variable;
      expect({ name, min: typeof min, max: typeof max }).toEqual({
        name,
        min: 'number',
        max: 'number',
      });
      expect({ name, range: readme.find((row) => row.name === name)?.range }).toEqual({
        name,
        range: `${min}–${max}`,
      });
      const comment = example.find((entry) => entry.name === name)?.comment ?? '';
      expect({ name, stated: comment.includes(`${min}-${max}`) }).toEqual({ name, stated: true });
    }
    for (const { name } of variables.filter((candidate) => !candidate.numeric))
      expect({ name, range: readme.find((row) => row.name === name)?.range }).toEqual({
        name,
        range: '',
      });
  });
});
