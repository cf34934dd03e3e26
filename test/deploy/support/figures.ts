/**
 * One line per scenario on stderr with what was measured, passing or not: the acceptance figures
 * are worth reading in CI logs, not only when an assertion fails.
 */
export function reportFigures(scenario: string, figures: Record<string, unknown>): void {
  process.stderr.write(`deploy figures | ${scenario} | ${JSON.stringify(figures)}\n`);
}
