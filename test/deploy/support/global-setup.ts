import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endAllSync } from './registry';

/**
 * Runs in the process that receives signals: makes the run's directory (temp files and the registry
 * of started process groups) and, when the run is interrupted (SIGINT, SIGTERM, SIGHUP), ends every
 * group and removes the directory, so an aborted run leaves nothing behind. The specs stop their own
 * processes in afterAll; this is the safety net.
 */
export default function globalSetup(): void {
  const runDir = mkdtempSync(join(tmpdir(), 'bff-deploy-'));
  process.env.DEPLOY_RUN_DIR = runDir;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      const ended = endAllSync(runDir);
      process.stderr.write(`\ndeploy suite: ${signal}, ended process groups ${ended.join(' ')}\n`);
      process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
    });
}
