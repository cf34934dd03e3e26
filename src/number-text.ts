/**
 * An integer as decimal text, kept out of V8's number-string cache. `String(n)` and template
 * literals put every number they convert into that cache, which lives in the old generation: a
 * number converted once (a countdown, a timestamp) then keeps its new string alive through
 * young-generation collections, and gets it promoted, until another number takes its slot. For
 * numbers that rarely repeat; a repeating one (a status, a limit) is cheaper through the cache.
 */
export const freshIntegerText = (value: number): string => value.toFixed(0);

/**
 * A number rounded to tenths, as the shortest decimal text (`String(Math.round(value * 10) / 10)`:
 * `1.2`, `3`), kept out of the number-string cache like `freshIntegerText`. Worse than the integer
 * case: a fraction is a heap number, and the cache keeps the number as well as its text. The request
 * line's latency went through it once per request; the entries it evicted were most of what the old
 * generation grew by under hit load (12.3 KB per young-generation collection against 5.6 KB without),
 * so a full collection, whose marking shares the core, every ~6.5 s instead of every ~12.6 s.
 */
export const freshTenthsText = (value: number): string => {
  const tenths = Math.round(value * 10);
  return (tenths / 10).toFixed(tenths % 10 === 0 ? 0 : 1);
};
