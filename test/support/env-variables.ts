import { getMetadataStorage } from 'class-validator';
import { Env } from '../../src/config/env';

/** One environment variable as src/config/env.ts declares it. */
export type EnvVariable = {
  name: string;
  /** The default as it would be written in `.env.example` ('' when there is none). */
  default: string;
  /** Whole numbers only: the @Min and @Max bounds (undefined when missing, which a spec refuses). */
  numeric: boolean;
  min?: number;
  max?: number;
};

/**
 * Every variable of the Env class, from its class-validator metadata: a variable added later is
 * covered by every spec that iterates these, without anyone remembering to list it.
 */
export function envVariables(): EnvVariable[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(Env, '', true, false);
  const defaults = new Env() as unknown as Record<string, string | number | boolean | undefined>;
  const names = [...new Set(metas.map((meta) => meta.propertyName))].filter((name) =>
    /^[A-Z][A-Z0-9_]*$/.test(name),
  );
  return names.map((name) => {
    const own = metas.filter((meta) => meta.propertyName === name);
    const bound = (kind: 'min' | 'max') =>
      own.find((meta) => meta.name === kind)?.constraints?.[0] as number | undefined;
    return {
      name,
      default: String(defaults[name] ?? ''),
      numeric: own.some((meta) => meta.name === 'isInt'),
      min: bound('min'),
      max: bound('max'),
    };
  });
}
