import { expiresAtOf, isRealDate, isRealMonth, monthBounds } from './report-dates';

describe('report dates', () => {
  it('knows the real last day of a month, leap years included', () => {
    expect(monthBounds('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthBounds('2023-02')).toEqual({ start: '2023-02-01', end: '2023-02-28' });
    expect(monthBounds('2021-04')).toEqual({ start: '2021-04-01', end: '2021-04-30' });
    expect(monthBounds('2021-13')).toBeNull();
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2021-04-31', false],
    ['2021-4-1', false],
    ['2021-12-31', true],
  ])('isRealDate(%p) is %p', (value, expected) => expect(isRealDate(value)).toBe(expected));

  it.each([
    ['2021-05', true],
    ['2021-00', false],
    ['2021-13', false],
    ['21-05', false],
    ['2021-05-01', false],
  ])('isRealMonth(%p) is %p', (value, expected) => expect(isRealMonth(value)).toBe(expected));

  it('reads Expires (epoch seconds) from a pre-signed URL', () => {
    expect(expiresAtOf('https://x.example/a.csv?Expires=1624978489&Signature=s')).toBe(
      '2021-06-29T14:54:49.000Z',
    );
    expect(expiresAtOf('https://x.example/a.csv?Signature=s')).toBeNull();
    expect(expiresAtOf('not a url')).toBeNull();
  });
});
