import { endAllSync } from './registry';

/** Whatever a spec failed to stop (a crashed afterAll, a timed-out hook) ends here; the run's directory goes. */
export default function globalTeardown(): void {
  const runDir = process.env.DEPLOY_RUN_DIR;
  if (!runDir) return;
  const left = endAllSync(runDir);
  if (left.length > 0)
    process.stderr.write(`deploy suite: ended process groups left running: ${left.join(' ')}\n`);
}
