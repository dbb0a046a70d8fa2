import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/**
 * Memory diagnostics for bench/heap-profile.ts, on only when WHARF_HEAP_DIR is set: each call writes
 * dump-<n>.json (process.memoryUsage and V8's heap spaces, after a full GC when --expose-gc allows one),
 * then dump-<n>.heapsnapshot unless WHARF_HEAP_SNAPSHOT=0, then dump-<n>.done so a reader knows it is whole.
 */
export function memoryDumper(dir: string, opts: { snapshot: boolean; gc?: () => void }): () => void {
  let n = 0;
  return () => {
    const base = path.join(dir, `dump-${++n}`);
    try {
      const before = process.memoryUsage();
      opts.gc?.();
      const after = process.memoryUsage();
      const spaces = Object.fromEntries(
        v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size_mb: mb(s.space_size), used_mb: mb(s.space_used_size) }]),
      );
      const code = v8.getHeapCodeStatistics();
      const report = {
        at: new Date().toISOString(),
        gc: Boolean(opts.gc),
        before_gc: Object.fromEntries(Object.entries(before).map(([k, v]) => [k, mb(v)])),
        after_gc: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, mb(v)])),
        spaces,
        code: Object.fromEntries(Object.entries(code).map(([k, v]) => [k, mb(v)])),
      };
      fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
      if (opts.snapshot) v8.writeHeapSnapshot(`${base}.heapsnapshot`);
      fs.writeFileSync(`${base}.done`, '');
    } catch (err) {
      console.error('[wharf] memory dump failed', err);
    }
  };
}
