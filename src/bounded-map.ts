/**
 * A Map holding at most `max` entries; adding one more drops the oldest added. For per-URL memos on
 * the hit path: dashboards poll the same URLs, so keeping recency order (lru-cache's bookkeeping on
 * every read, about 1 µs of a cache hit) buys nothing over insertion order there.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.max && !this.map.has(key)) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
