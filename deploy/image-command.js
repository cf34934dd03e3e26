'use strict';
/**
 * How the image starts the service, read from the Dockerfile, so that the benchmark and the
 * deployment tests run `dist/main.js` exactly as a container does: the node options of its
 * `ENV NODE_OPTIONS=…` and the node arguments of its `CMD ["node", …, "dist/main.js"]`. Throws
 * when either line is missing or changes shape, so a drift fails loudly instead of running
 * something else.
 */
const fs = require('node:fs');
const path = require('node:path');

const DOCKERFILE = path.join(__dirname, '..', 'Dockerfile');

function imageCommand(dockerfile = fs.readFileSync(DOCKERFILE, 'utf8')) {
  const options = /^ENV NODE_OPTIONS=(\S+(?: \S+)*)$/m.exec(dockerfile);
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
  if (!options || !cmd) throw new Error('Dockerfile: expected ENV NODE_OPTIONS=… and CMD ["node", …]');
  const args = JSON.parse(cmd[1]);
  if (args[0] !== 'node' || args[args.length - 1] !== 'dist/main.js')
    throw new Error(`Dockerfile: CMD must run node on dist/main.js, got ${cmd[1]}`);
  return { nodeOptions: options[1].replace(/^"|"$/g, ''), nodeArgs: args.slice(1, -1) };
}

module.exports = { imageCommand };
