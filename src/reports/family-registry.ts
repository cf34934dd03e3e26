import { FamilyDescriptor } from './family-descriptor';

const FAMILY_NAME = /^[a-z][a-z0-9-]*$/;

/** The report families this service serves, from their descriptors, in the order given. */
export class FamilyRegistry {
  private readonly byName: Map<string, FamilyDescriptor>;

  constructor(readonly descriptors: readonly FamilyDescriptor[]) {
    this.byName = new Map(descriptors.map((descriptor) => [descriptor.family, descriptor]));
    for (const { family } of descriptors)
      if (!FAMILY_NAME.test(family))
        throw new Error(`family name '${family}' is not a path segment`);
    if (this.byName.size !== descriptors.length) throw new Error('a family is registered twice');
  }

  get names(): string[] {
    return this.descriptors.map((descriptor) => descriptor.family);
  }

  has(family: string): boolean {
    return this.byName.has(family);
  }

  get(family: string): FamilyDescriptor {
    const descriptor = this.byName.get(family);
    if (!descriptor) throw new Error(`no family '${family}'`);
    return descriptor;
  }
}
