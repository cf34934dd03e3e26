'use strict';
/**
 * Which hit runs to trust on a shared machine, and the ratios between rows.
 *
 * A run is disturbed when its loader or a server under test waited for its core (another job had it)
 * for more than DISTURBED of the run (from /proc schedstat; for the Redis row, beyond the time its own
 * redis-server ran on that core). A starved loader holds back a fast server
 * more than a slow one, so it inflates every ratio to the ceiling; a starved server deflates its own
 * row. A ratio is the median of the per-round ratios over the rounds in which both of its runs were
 * undisturbed, when there are at least MIN_CLEAN_ROUNDS of them; otherwise over all rounds, and the
 * row says so (and row 1i fails: the machine was too busy for the figures to be trusted).
 */
const { median } = require('../http');

const DISTURBED = 0.1;
const MIN_CLEAN_ROUNDS = 3;
/** The ratios the rows report, as [row, reference]. */
const RATIOS = [
  ['stock', 'ceiling'],
  ['memory', 'ceiling'],
  ['redis', 'ceiling'],
  ['401', 'memory'],
  ['429', 'memory'],
];

/**
 * A process's wait for its core beyond what the row's own other processes on that core explain: the
 * Redis-store service waits while its redis-server (same core) runs, at most as long as that ran.
 */
function foreignWait(run, name) {
  const ownOthers = Object.entries(run.cpu).reduce((sum, [other, cpu]) => sum + (other === name ? 0 : cpu), 0);
  return run.waits[name] - ownOthers;
}

/** Unknown waits (NaN: wrk ended before it was sampled) count as disturbed. */
const disturbed = (run) => !(run.loaderWait <= DISTURBED) || Object.keys(run.waits).some((name) => !(foreignWait(run, name) <= DISTURBED));

const cleanRounds = (runs, over, under) => runs[over].map((_, round) => round).filter((round) => !disturbed(runs[over][round]) && !disturbed(runs[under][round]));

/** True once every reported ratio has enough undisturbed rounds (the phase then stops adding rounds). */
const enoughCleanRounds = (runs) => RATIOS.every(([over, under]) => cleanRounds(runs, over, under).length >= MIN_CLEAN_ROUNDS);

/**
 * Median of key(over run) / key(under run) per round: `{ value, clean, of, trusted }`, `clean` the
 * undisturbed rounds out of `of`, `trusted` whether the median is over undisturbed rounds only.
 */
function ratio(runs, over, under, key = (run) => run.rps) {
  const clean = cleanRounds(runs, over, under);
  const trusted = clean.length >= MIN_CLEAN_ROUNDS;
  const rounds = trusted ? clean : runs[over].map((_, round) => round);
  return { value: median(rounds.map((round) => key(runs[over][round]) / key(runs[under][round]))), clean: clean.length, of: runs[over].length, trusted };
}

/** One row's runs its own figures (req/s, latency, CPU) are taken from: the undisturbed ones if enough. */
function trustedRuns(rowRuns) {
  const clean = rowRuns.filter((run) => !disturbed(run));
  return clean.length >= MIN_CLEAN_ROUNDS ? clean : rowRuns;
}

module.exports = { DISTURBED, MIN_CLEAN_ROUNDS, RATIOS, disturbed, enoughCleanRounds, ratio, trustedRuns };
