import { freshIntegerText, freshTenthsText } from './number-text';

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

describe('freshTenthsText', () => {
  it('is the text String() gives for the value rounded to tenths', () => {
    const values = [
      0, 0.04, 0.05, 0.1, 0.25, 0.96, 1, 1.2, 1.25, 2.999, 9.95, 10, 37.04, 1234.56, 60_000.01,
    ];
    const sweep = Array.from({ length: 3000 }, (_, step) => step * 0.0371);
    for (const value of [...values, ...sweep])
      expect(freshTenthsText(value)).toBe(String(Math.round(value * 10) / 10));
  });
});
