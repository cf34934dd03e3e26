'use strict';
/**
 * `node bench/profile-summary.js <file.cpuprofile> [top]`: where a V8 CPU profile spent its busy
 * time, e.g. one written by `BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" node
 * bench/bench.js hit`. Percentages are of busy time ("(idle)" excluded: the service idles while the
 * ceiling runs). Three views: self time by function, self time by package, and inclusive time by
 * package (the time with that package anywhere on the stack, e.g. helmet including what it calls).
 */
const fs = require('node:fs');
const path = require('node:path');

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile> [top=25]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

// Sample i lasted timeDeltas[i + 1]; the last sample's length is unknown and counted as 0.
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
const total = [...selfUs].reduce((sum, [id, us]) => sum + (idleIds.has(id) ? 0 : us), 0);
const idle = [...idleIds].reduce((sum, id) => sum + (selfUs.get(id) ?? 0), 0);

function packageOf(url) {
  if (!url) return '(native/internal)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? `service ${url.slice(dist + 1)}` : path.basename(url);
}

const byFunction = new Map();
const byPackage = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us || idleIds.has(node.id)) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${packageOf(url).replace(/^service /, '')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = packageOf(url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}

// Inclusive: each node's self time counts once for every distinct package on its stack.
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map();
for (const [id, us] of selfUs) {
  if (idleIds.has(id)) continue;
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const { url } = nodeById.get(at).callFrame;
    if (url) seen.add(packageOf(url));
  }
  for (const pkg of seen) inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + us);
}

const print = (title, map, column = 'self ms') => {
  process.stdout.write(`\n${title}\n| ${column} | % | |\n| ---: | ---: | --- |\n`);
  for (const [key, us] of [...map].sort(([, a], [, b]) => b - a).slice(0, top))
    process.stdout.write(`| ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)} | ${key.replace(/\|/g, '\\|')} |\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle; % are of busy time\n`);
print('By function (self time)', byFunction);
print('By package (self time)', byPackage);
print('By package (inclusive time)', inclusive, 'total ms');
