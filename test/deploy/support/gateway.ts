import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/process';
import { Managed, spawnManaged } from './managed';
import { runTempDir } from './registry';

const NGINX_CONF = resolve(__dirname, '../../../deploy/nginx.conf');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** nginx from the distribution, running deploy/nginx.conf with only its hosts and ports changed. */
export type Gateway = { readonly url: string; process(): Managed; stop(): Promise<void> };

function nginxBinary(): string {
  if (process.env.NGINX_BIN) return process.env.NGINX_BIN;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

function replaceOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`deploy/nginx.conf: expected one '${from}'`);
  return text.replace(from, to);
}

/** deploy/nginx.conf onto loopback ports: the replicas' addresses and the listening port, nothing else. */
export function renderSite(replicaPorts: [number, number], port: number): string {
  const site = readFileSync(NGINX_CONF, 'utf8');
  const withA = replaceOnce(site, 'bff-1:3000', `127.0.0.1:${replicaPorts[0]}`);
  const withB = replaceOnce(withA, 'bff-2:3000', `127.0.0.1:${replicaPorts[1]}`);
  return replaceOnce(withB, 'listen 8080;', `listen 127.0.0.1:${port};`);
}

/** What the nginx image's main config provides, kept to a temp dir; the site is included as conf.d is. */
function mainConfig(dir: string): string {
  const temp = (kind: string) => `${kind}_temp_path ${join(dir, kind)};`;
  return [
    'daemon off;',
    'worker_processes 1;',
    // As root, workers would switch to nobody, who cannot use this temp dir.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${temp(kind)}`),
    `  include ${join(dir, 'site.conf')};`,
    '}',
    '',
  ].join('\n');
}

export async function startGateway(replicaPorts: [number, number]): Promise<Gateway> {
  const port = await freePort();
  const dir = runTempDir('nginx-');
  writeFileSync(join(dir, 'site.conf'), renderSite(replicaPorts, port));
  writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir));
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const started = spawnManaged('nginx', nginxBinary(), args, {});
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  for (const until = Date.now() + 10_000; Date.now() < until && started.running(); await sleep(50))
    if (
      await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, process: () => started, stop };
  const log = existsSync(join(dir, 'error.log'))
    ? readFileSync(join(dir, 'error.log'), 'utf8')
    : '';
  await stop();
  throw new Error(`nginx did not come up:\n${started.output()}\n${log}`);
}
