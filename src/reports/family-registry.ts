import { FamilyDescriptor } from './family-descriptor';

const FAMILY_NAME = /^[a-z][a-z0-9-]*$/;

/** The report families this service serves, from their descriptors, in the order given. */
export class FamilyRegistry {
  constructor(readonly descriptors: readonly FamilyDescriptor[]) {
    for (const { family } of descriptors)
      if (!FAMILY_NAME.test(family))
        throw new Error(`family name '${family}' is not a path segment`);
    if (new Set(this.names).size !== descriptors.length)
      throw new Error('a family is registered twice');
  }

  get names(): string[] {
    return this.descriptors.map((descriptor) => descriptor.family);
  }
}
