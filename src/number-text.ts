/**
 * An integer as decimal text, kept out of V8's number-string cache. `String(n)` and template
 * literals put every number they convert into that cache, which lives in the old generation: a
 * number converted once (a countdown, a timestamp) then keeps its new string alive through
 * young-generation collections, and gets it promoted, until another number takes its slot. For
 * numbers that rarely repeat; a repeating one (a status, a limit) is cheaper through the cache.
 */
export const freshIntegerText = (value: number): string => value.toFixed(0);
