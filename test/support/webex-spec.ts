import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Cisco's OpenAPI specs, copied into the repository with their attribution (spec/webex/README.md). */
export const SPEC_DIR = resolve(__dirname, '../../spec/webex');

type Schema = {
  properties?: Record<string, Schema & { enum?: string[] }>;
  $ref?: string;
  items?: Schema;
};
export type Spec = {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
};

const cache = new Map<string, Spec>();
export function loadSpec(family: 'broadworks' | 'wholesale'): Spec {
  if (!cache.has(family))
    cache.set(
      family,
      JSON.parse(readFileSync(resolve(SPEC_DIR, `webex-${family}.json`), 'utf8')) as Spec,
    );
  return cache.get(family) as Spec;
}

export const schemaOf = (family: 'broadworks' | 'wholesale', name: string): Schema =>
  loadSpec(family).components.schemas[name];
