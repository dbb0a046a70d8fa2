'use client';

import { useDeferredValue, useId, useMemo, useState } from 'react';
import { Input } from '../ui/field';

function render(value: unknown): { text: string; block: boolean } {
  if (value === null || value === undefined) return { text: String(value), block: false };
  if (typeof value === 'object') {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    return empty ? { text: Array.isArray(value) ? '[]' : '{}', block: false } : { text: JSON.stringify(value, null, 2), block: true };
  }
  return { text: String(value), block: false };
}

/**
 * Every top-level key of a raw engine document (`docker info`, `docker version`) with its
 * value; nested values as formatted JSON. The filter matches keys and values.
 */
export function RawJsonView({ data, label }: { data: Record<string, unknown>; label: string }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const searchId = useId();
  const rows = useMemo(
    () =>
      Object.keys(data)
        .sort((a, b) => a.localeCompare(b))
        .map((key) => ({ key, ...render(data[key]) })),
    [data],
  );
  const q = deferred.trim().toLowerCase();
  const shown = q ? rows.filter((r) => r.key.toLowerCase().includes(q) || r.text.toLowerCase().includes(q)) : rows;

  return (
    <div>
      <div className="mb-2 flex items-center gap-3">
        <label htmlFor={searchId} className="sr-only">
          Filter {label}
        </label>
        <Input
          id={searchId}
          type="search"
          placeholder={`Filter ${rows.length} keys and values…`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="max-w-xs"
        />
        <span className="text-xs text-zinc-500" aria-live="polite">
          {q ? `${shown.length} of ${rows.length}` : `${rows.length} keys`}
        </span>
      </div>
      <div className="overflow-hidden rounded-md border border-zinc-200">
        <table className="w-full table-fixed text-xs">
          <tbody className="divide-y divide-zinc-100">
            {shown.map((r) => (
              <tr key={r.key} className="align-top">
                <th
                  scope="row"
                  className="w-56 bg-zinc-50 px-2.5 py-1 text-left font-mono text-[12px] font-medium text-zinc-700 max-sm:w-32"
                >
                  <span className="block truncate" title={r.key}>
                    {r.key}
                  </span>
                </th>
                <td className="min-w-0 px-2.5 py-1 font-mono text-[12px] text-zinc-900">
                  {r.block ? (
                    <pre className="max-h-72 overflow-auto whitespace-pre text-[11px] leading-4">{r.text}</pre>
                  ) : (
                    <span className="break-all">{r.text === '' ? <span className="text-zinc-400">""</span> : r.text}</span>
                  )}
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={2} className="px-2.5 py-3 text-center text-zinc-500">
                  Nothing matches “{deferred}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
