import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The startup collections (src/startup-gc.ts) must not cost `process.nextTick` its fast path. Node
 * builds each tick-queue entry as an object literal with symbol keys; V8 defines those keys through
 * map transitions it remembers per call site (feedback). A full collection while no entry is alive
 * frees those maps, and after a few such collections the sites are megamorphic for good: every
 * `process.nextTick` then defines its keys in V8's runtime (hits 0.72 → 0.92 × the ceiling once
 * fixed, README Decisions). This runs the built function in a Node with `--allow-natives-syntax` and
 * reads the feedback of `process.nextTick` as V8 prints it.
 */
const STARTUP_GC = resolve(__dirname, '../dist/startup-gc.js');

/** Eight rounds of: warm `process.nextTick`, drain the queue, collect (the way `COLLECT` names). */
const SCRIPT = `
const { collectStartupGarbage } = require(${JSON.stringify(STARTUP_GC)});
const collect = process.env.COLLECT === 'bare' ? () => { gc(); gc(); } : () => collectStartupGarbage();
const debugPrint = new Function('f', '%DebugPrint(f)');
const noop = () => {};
const drained = () => new Promise((done) => setImmediate(done));
(async () => {
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < 2000; i++) process.nextTick(noop);
    await drained();
    collect();
  }
  for (let i = 0; i < 2000; i++) process.nextTick(noop);
  await drained();
  debugPrint(process.nextTick);
})();
`;

/** The state of each literal-key definition site in `process.nextTick` (MONOMORPHIC, MEGAMORPHIC, …). */
function tickLiteralSites(collect: 'bare' | 'startup'): string[] {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--allow-natives-syntax', '-e', SCRIPT],
    {
      env: { PATH: process.env.PATH ?? '', COLLECT: collect },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return [...output.matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+)/g)].map(
    (match) => match[1],
  );
}

describe('startup collections and process.nextTick (V8 feedback, a real Node)', () => {
  it('this Node loses the tick entries’ shape to bare full collections (the failure the fix avoids)', () => {
    const sites = tickLiteralSites('bare');
    expect(sites.length).toBeGreaterThanOrEqual(4); // async id, trigger id, callback, args
    expect(sites).toContain('MEGAMORPHIC');
  });

  it('collectStartupGarbage keeps every key of the tick entry monomorphic', () => {
    const sites = tickLiteralSites('startup');
    expect(sites.length).toBeGreaterThanOrEqual(4);
    expect(sites.every((state) => state === 'MONOMORPHIC')).toBe(true);
  });
});
