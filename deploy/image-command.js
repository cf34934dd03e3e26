'use strict';
/**
 * How the image starts the service, read from the Dockerfile, so that the benchmark and the
 * deployment tests run `dist/main.js` exactly as a container does: the environment its runtime
 * stage sets (`ENV NAME=value` lines after the last `FROM`: NODE_OPTIONS, MALLOC_ARENA_MAX, …;
 * NODE_ENV aside, which every test and benchmark sets for itself) and the node arguments of its
 * `CMD ["node", …, "dist/main.js"]`. Throws when NODE_OPTIONS or that CMD is missing or changes
 * shape, so a drift fails loudly instead of running something else.
 */
const fs = require('node:fs');
const path = require('node:path');

const DOCKERFILE = path.join(__dirname, '..', 'Dockerfile');

function imageCommand(dockerfile = fs.readFileSync(DOCKERFILE, 'utf8')) {
  const runtime = dockerfile.split(/^FROM .*$/m).pop();
  const env = {};
  for (const [, name, value] of runtime.matchAll(/^ENV ([A-Z_][A-Z0-9_]*)=(\S+(?: \S+)*)$/gm))
    if (name !== 'NODE_ENV') env[name] = value.replace(/^"|"$/g, '');
  const cmd = /^CMD (\[.*\])$/m.exec(runtime);
  if (env.NODE_OPTIONS === undefined || !cmd)
    throw new Error('Dockerfile: expected ENV NODE_OPTIONS=… and CMD ["node", …]');
  const args = JSON.parse(cmd[1]);
  if (args[0] !== 'node' || args[args.length - 1] !== 'dist/main.js')
    throw new Error(`Dockerfile: CMD must run node on dist/main.js, got ${cmd[1]}`);
  return { env, nodeArgs: args.slice(1, -1) };
}

module.exports = { imageCommand };
