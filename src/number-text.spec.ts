import { freshIntegerText } from './number-text';

describe('freshIntegerText', () => {
  it('is the text String() gives, for the integers it is used on', () => {
    const values = [
      0,
      -0,
      1,
      9,
      10,
      599,
      600,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53 - 1,
      1_795_950_000_000,
    ];
    for (const value of [...values, Date.now(), ...values.map((v) => -v)])
      expect(freshIntegerText(value)).toBe(String(value));
  });
});
