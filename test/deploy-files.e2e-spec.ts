import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { Env } from '../src/config/env';
import { imageCommand } from '../deploy/image-command';
import { IMAGE_ARGS, IMAGE_ENV, MAIN } from './support/process';

const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');
const envNames = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Env, '', true, false)
    .map((meta) => meta.propertyName),
);

/** docker-compose.yml and the Dockerfile cannot run here (no Docker engine); keep them in step with the code. */
describe('deployment files', () => {
  it('docker-compose.yml sets only variables the service (or the sandbox) reads', () => {
    const names = [...read('docker-compose.yml').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map(
      (match) => match[1],
    );
    expect(names.length).toBeGreaterThan(10);
    for (const name of names)
      expect(envNames.has(name) || name.startsWith('SANDBOX_') ? name : `unknown ${name}`).toBe(
        name,
      );
  });

  it('every container command runs a program the build produces', () => {
    const commands = [
      ...read('docker-compose.yml').matchAll(/dist\/([\w/.-]+)\.js/g),
      ...read('Dockerfile').matchAll(/dist\/([\w/.-]+)\.js/g),
    ];
    expect(commands.length).toBeGreaterThan(1);
    for (const [, file] of commands)
      expect(existsSync(resolve(root, 'src', `${file}.ts`)) ? file : `missing src/${file}.ts`).toBe(
        file,
      );
  });

  it('the image runs node directly (npm would not forward SIGTERM)', () => {
    expect(read('Dockerfile')).toMatch(
      /^CMD \["node", (?:"--[\w-]+(?:=\w+)?", )*"dist\/main\.js"\]$/m,
    );
    expect(read('Dockerfile')).toMatch(/npm ci --omit=dev/);
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
  });

  it('the tests and the benchmark start the service as the image does', () => {
    const image = imageCommand(read('Dockerfile'));
    expect(image.env.NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+/);
    // README, Decisions: the young generation's size, the collection at start, malloc's settings
    expect(image.nodeArgs).toEqual(
      expect.arrayContaining(['--min-semi-space-size=8', '--max-semi-space-size=8', '--expose-gc']),
    );
    expect(image.env).toEqual({
      NODE_OPTIONS: image.env.NODE_OPTIONS,
      MALLOC_ARENA_MAX: '2',
      MALLOC_TRIM_THRESHOLD_: '131072',
    });
    expect(IMAGE_ARGS).toEqual([...image.nodeArgs, MAIN]);
    expect(IMAGE_ENV).toEqual(image.env);
    const bench = readFileSync(resolve(root, 'bench/processes.js'), 'utf8');
    expect(bench).toMatch(/\[\.\.\.image\.nodeArgs, .*'dist\/main\.js'\]/);
    expect(bench).toMatch(/\.\.\.image\.env,/);
  });

  it("takes the runtime stage's environment, NODE_ENV aside (the tests and the bench set their own)", () => {
    const dockerfile = [
      'FROM node:20 AS build',
      'ENV NPM_CONFIG_LOGLEVEL=warn',
      'FROM node:20',
      'ENV NODE_ENV=production',
      'ENV NODE_OPTIONS="--max-old-space-size=256 --stack-trace-limit=20"',
      'ENV MALLOC_ARENA_MAX=2',
      'CMD ["node", "--expose-gc", "dist/main.js"]',
    ].join('\n');
    expect(imageCommand(dockerfile)).toEqual({
      env: {
        NODE_OPTIONS: '--max-old-space-size=256 --stack-trace-limit=20',
        MALLOC_ARENA_MAX: '2',
      },
      nodeArgs: ['--expose-gc'],
    });
  });

  it('refuses a Dockerfile whose command it cannot read, rather than run something else', () => {
    expect(() => imageCommand('FROM node:20\nCMD ["node", "dist/main.js"]\n')).toThrow(
      /NODE_OPTIONS/,
    );
    expect(() =>
      imageCommand('ENV NODE_OPTIONS=--max-old-space-size=256\nCMD ["npm", "start"]\n'),
    ).toThrow(/dist\/main\.js/);
  });

  it('the gateway forwards to both replicas', () => {
    const nginx = read('deploy/nginx.conf');
    expect(nginx).toContain('server bff-1:3000');
    expect(nginx).toContain('server bff-2:3000');
  });

  it("the gateway keeps the caller's X-Request-Id and adds one only when it is absent", () => {
    const nginx = read('deploy/nginx.conf');
    const map = /map \$http_x_request_id \$(\w+) \{([^}]*)\}/.exec(nginx);
    expect(map).not.toBeNull();
    const [, variable, body] = map ?? [];
    expect(body).toMatch(/^\s*"" +\$request_id;$/m);
    expect(body).toMatch(/^\s*default +\$http_x_request_id;$/m);
    const forwarded = [...nginx.matchAll(/proxy_set_header X-Request-Id (\S+);/g)].map((m) => m[1]);
    expect(forwarded).toEqual([`$${variable}`]);
  });

  it('compose runs Redis with append-only persistence on a named volume at /data', () => {
    const compose = read('docker-compose.yml');
    const redis = /^ {2}redis:\n((?: {4}.*\n|\n)+)/m.exec(compose)?.[1] ?? '';
    expect(redis).toMatch(/^ {4}command: \[.*"--appendonly", "yes".*\]$/m);
    expect(redis).not.toMatch(/"--appendonly", "no"/);
    const volume = /^ {4}volumes: \["([\w-]+):\/data"\]$/m.exec(redis)?.[1];
    expect(volume).toBeDefined();
    expect(compose).toMatch(new RegExp(`^volumes:\\n {2}${volume}:`, 'm'));
  });
});
