import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..');

// Built from parts so that this file does not name what it looks for.
const FORBIDDEN = [['..', 'shared'].join('/'), ['shared', 'webex-openapi'].join('/')];

/**
 * Users and forks have only the repository: the team's folder beside it exists on our machines and in
 * CI, so a file reading it would pass here and fail for everyone else. Documentation may mention it.
 */
describe('the repository on its own', () => {
  it('no tracked file outside documentation refers to the team folder beside the repository', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file !== '' && !file.endsWith('.md'));
    expect(files).toContain('package.json');
    const offending = files.flatMap((file) => {
      const text = readFileSync(resolve(root, file), 'utf8');
      return FORBIDDEN.filter((needle) => text.includes(needle)).map(
        (needle) => `${file}: ${needle}`,
      );
    });
    expect(offending).toEqual([]);
  });

  it('carries the Cisco specs it reads, with their attribution', () => {
    const attribution = readFileSync(resolve(root, 'spec/webex/README.md'), 'utf8');
    expect(attribution).toContain('CC BY 4.0');
    expect(attribution).toContain('webex/webex-openapi-specs');
    for (const family of ['broadworks', 'wholesale'])
      expect(attribution).toContain(`webex-${family}.json`);
  });
});
