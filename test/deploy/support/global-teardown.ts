import { endAllSync } from './registry';

/** Whatever a spec failed to stop (a crashed afterAll, a timed-out hook) ends here. */
export default function globalTeardown(): void {
  const file = process.env.DEPLOY_PID_REGISTRY;
  if (!file) return;
  const left = endAllSync(file);
  if (left.length > 0)
    process.stderr.write(`deploy suite: ended process groups left running: ${left.join(' ')}\n`);
}
