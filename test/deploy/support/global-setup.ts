import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endAllSync } from './registry';

/**
 * Runs in the process that receives signals: names the registry of started process groups and ends
 * them all when the run is interrupted (SIGINT, SIGTERM, SIGHUP), so an aborted run leaves nothing
 * behind. The specs stop their own processes in afterAll; this is the safety net.
 */
export default function globalSetup(): void {
  const file = join(tmpdir(), `bff-deploy-${process.pid}.pids`);
  process.env.DEPLOY_PID_REGISTRY = file;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      const ended = endAllSync(file);
      process.stderr.write(`\ndeploy suite: ${signal}, ended process groups ${ended.join(' ')}\n`);
      process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
    });
}
