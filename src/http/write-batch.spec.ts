import { WriteBatch } from './write-batch';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBatch', () => {
  it('writes what one loop iteration added together, in order, after that iteration', async () => {
    const batch = new WriteBatch();
    const written: string[] = [];
    batch.add(() => written.push('a'));
    batch.add(() => written.push('b'));
    await Promise.resolve();
    expect(written).toEqual([]); // not during the callbacks that added them
    await nextTurn();
    expect(written).toEqual(['a', 'b']);
    batch.add(() => written.push('c'));
    await nextTurn();
    expect(written).toEqual(['a', 'b', 'c']);
  });

  it('still writes the others when one throws, then reports the error', async () => {
    const failures: unknown[] = [];
    const batch = new WriteBatch((error) => failures.push(error));
    const written: string[] = [];
    batch.add(() => written.push('a'));
    batch.add(() => {
      throw new Error('broken answer');
    });
    batch.add(() => written.push('c'));
    await nextTurn();
    expect(written).toEqual(['a', 'c']);
    expect(failures).toEqual([new Error('broken answer')]);
  });
});
