import { createHmac } from 'node:crypto';
import { CURSOR_TTL_MS, CursorCodec } from './cursor-codec';
import { positionFor } from './paging';
import { ProblemError } from '../http/problem';

const clock = { at: 1_700_000_000_000, now: () => clock.at };
const codec = new CursorCodec('secret', ['type', 'sortBy'], clock, ['broadworks', 'wholesale']);
const position = {
  filters: { type: 'USER' },
  paging: [['cursor', 'x']] as [string, string][],
  skip: 1,
};

/** A payload signed with the codec's key: what a holder of the key (or a bug) could produce. */
const signed = (raw: string) => {
  const payload = Buffer.from(raw).toString('base64url');
  const signature = createHmac('sha256', 'secret').update(payload).digest('base64url');
  return `${payload}.${signature.slice(0, 32)}`;
};

/** The ProblemError `decode` throws, so specs can check its code and detail (never another error). */
function refusal(cursor: string): ProblemError {
  try {
    codec.decode('wholesale', cursor);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('CursorCodec', () => {
  beforeEach(() => (clock.at = 1_700_000_000_000));

  it('round-trips a position', () =>
    expect(codec.decode('wholesale', codec.encode('wholesale', position))).toEqual(position));

  it('refuses a tampered, foreign or other-family cursor', () => {
    const cursor = codec.encode('wholesale', position);
    const tampered =
      Buffer.from(JSON.stringify(['wholesale', {}, [['cursor', 'y']], 0, clock.at])).toString(
        'base64url',
      ) +
      '.' +
      cursor.split('.')[1];
    expect(refusal(tampered).code).toBe('invalid-cursor');
    expect(() =>
      new CursorCodec('other', [], clock, ['wholesale']).decode('wholesale', cursor),
    ).toThrow(ProblemError);
    expect(() => codec.decode('broadworks', cursor)).toThrow(ProblemError);
    expect(refusal('garbage').code).toBe('invalid-cursor');
  });

  it('refuses a signature of multibyte characters (as many characters, more bytes)', () => {
    const [payload, signature] = codec.encode('wholesale', position).split('.');
    expect(refusal(`${payload}.${signature.slice(1)}é`).code).toBe('invalid-cursor');
    expect(refusal(`${payload}.${'€'.repeat(32)}`).code).toBe('invalid-cursor');
  });

  it.each([
    ['not JSON', '{"wholesale"'],
    ['not base64url JSON at all', '\u0000\u0001'],
    ['not an array', '{"family":"wholesale"}'],
    ['the old four-part tuple', '["wholesale",{},[],0]'],
    ['an unknown family', `["webinars",{},[],0,${Date.now()}]`],
    ['filters that are not an object', `["wholesale",[],[],0,${Date.now()}]`],
    ['a filter the family does not know', `["wholesale",{"orgId":"X"},[],0,${Date.now()}]`],
    ['a filter value that is not a string', `["wholesale",{"type":1},[],0,${Date.now()}]`],
    ['a paging parameter outside the allowlist', `["wholesale",{},[["max","1000"]],0,1]`],
    ['a paging entry that is not a pair', `["wholesale",{},[["cursor"]],0,${Date.now()}]`],
    ['a negative skip', `["wholesale",{},[],-1,${Date.now()}]`],
    ['a fractional skip', `["wholesale",{},[],0.5,${Date.now()}]`],
    ['an issue time that is not a number', `["wholesale",{},[],0,"now"]`],
  ])('refuses a correctly signed payload holding %s', (_what, raw) => {
    const problem = refusal(signed(raw));
    expect(problem.code).toBe('invalid-cursor');
    expect(problem.detail).toBe('cursor is not one this service issued');
  });

  it('accepts the paging parameters Webex uses: cursor and start', () => {
    const paging: [string, string][] = [
      ['cursor', 'abc'],
      ['start', '20'],
    ];
    const cursor = codec.encode('wholesale', { filters: {}, paging, skip: 0 });
    expect(codec.decode('wholesale', cursor).paging).toEqual(paging);
  });

  it('expires a cursor 24 hours after it was issued', () => {
    const cursor = codec.encode('wholesale', position);
    clock.at += CURSOR_TTL_MS;
    expect(codec.decode('wholesale', cursor)).toEqual(position);
    clock.at += 1;
    const problem = refusal(cursor);
    expect(problem.code).toBe('invalid-cursor');
    expect(problem.detail).toBe('cursor has expired');
  });

  it('refuses a cursor used with other filters, accepts it alone or with the same filters', () => {
    const cursor = codec.encode('wholesale', position);
    expect(positionFor(codec, 'wholesale', { filters: {}, cursor, given: false })).toEqual(
      position,
    );
    expect(
      positionFor(codec, 'wholesale', { filters: { type: 'USER' }, cursor, given: true }),
    ).toEqual(position);
    expect(() =>
      positionFor(codec, 'wholesale', { filters: { type: 'PARTNER' }, cursor, given: true }),
    ).toThrow(ProblemError);
  });
});
