import { Env } from '../config/env';
import { ApiKeys, callerOf, presentedKey } from './callers';

const keysOf = (list: string) => new ApiKeys(Object.assign(new Env(), { API_KEYS: list }));

describe('ApiKeys', () => {
  const keys = keysOf('alpha-key, beta-key');

  it('accepts each configured key and nothing else', () => {
    expect(keys.allows('alpha-key')).toBe(true);
    expect(keys.allows('beta-key')).toBe(true);
    expect(keys.allows('alpha-ke')).toBe(false);
    expect(keys.allows('alpha-key ')).toBe(false);
    expect(keys.allows('')).toBe(false);
    expect(keys.allows(null)).toBe(false);
  });

  it('accepts anything while no key is configured', () => {
    expect(keysOf('').allows(null)).toBe(true);
    expect(keysOf('').allowsOn({}, 'whatever')).toBe(true);
  });

  it('reuses a connection’s answer only for the very key that connection sent before', () => {
    const connection = {};
    const digest = jest.spyOn(keys, 'allows');
    expect(keys.allowsOn(connection, 'alpha-key')).toBe(true);
    expect(keys.allowsOn(connection, 'alpha-key')).toBe(true);
    expect(digest).toHaveBeenCalledTimes(1);
    // Another key on the same keep-alive connection is compared afresh, both ways.
    expect(keys.allowsOn(connection, 'guessed-key')).toBe(false);
    expect(keys.allowsOn(connection, null)).toBe(false);
    expect(keys.allowsOn(connection, 'beta-key')).toBe(true);
    expect(keys.allowsOn(connection, 'alpha-key')).toBe(true);
    expect(digest).toHaveBeenCalledTimes(5);
    digest.mockRestore();
  });

  it('keeps connections apart, and compares afresh without one (an injected request)', () => {
    const trusted = {};
    const other = {};
    expect(keys.allowsOn(trusted, 'alpha-key')).toBe(true);
    expect(keys.allowsOn(other, 'wrong-key')).toBe(false);
    expect(keys.allowsOn(trusted, 'alpha-key')).toBe(true);
    expect(keys.allowsOn(undefined, 'wrong-key')).toBe(false);
    expect(keys.allowsOn(undefined, 'beta-key')).toBe(true);
  });
});

describe('presentedKey and callerOf', () => {
  it('reads a bearer token or X-API-Key, bearer first', () => {
    expect(presentedKey({ authorization: 'Bearer k1', 'x-api-key': 'k2' })).toBe('k1');
    expect(presentedKey({ authorization: 'Basic abc', 'x-api-key': 'k2' })).toBe('k2');
    expect(presentedKey({ 'x-api-key': '' })).toBeNull();
    expect(presentedKey({})).toBeNull();
  });

  it('counts an accepted key by its digest and anything else by address', () => {
    const caller = callerOf('alpha-key', '10.0.0.1');
    expect(caller).toMatch(/^key:[0-9a-f]{32}$/);
    expect(caller).not.toContain('alpha');
    expect(callerOf('alpha-key', '10.0.0.2')).toBe(caller);
    expect(callerOf(null, '10.0.0.1')).toBe('ip:10.0.0.1');
  });
});
