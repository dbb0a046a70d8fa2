'use client';

import type { RegistryTestResult } from '@/server/contracts/registries';
import { errorMessage } from '../api';
import { cn } from '../ui/cn';

/** What "Test connection" found, one line per check (reachable, auth, catalog, engine login), or the refusal in words. */
export function TestResult({ data, error, compact = false }: { data: RegistryTestResult | undefined; error: unknown; compact?: boolean }) {
  if (!data && !error) return null;
  if (!data)
    return (
      <div
        role="status"
        data-testid="registry-test-result"
        data-ok="false"
        className={cn(compact ? 'text-xs text-red-700' : 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800')}
      >
        {errorMessage(error)}
      </div>
    );
  return (
    <div
      role="status"
      data-testid="registry-test-result"
      data-ok="true"
      data-scheme={data.scheme}
      className={cn(compact ? 'text-xs' : 'rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2')}
    >
      <ul className={compact ? 'flex flex-wrap gap-x-4 gap-y-0.5' : 'space-y-0.5'}>
        {data.checks.map((c) => (
          <li key={c.name} data-check={c.name} data-ok={c.ok ? 'true' : 'false'} className={c.ok ? 'text-emerald-800' : 'text-amber-800'}>
            <span aria-hidden className="mr-1">
              {c.ok ? '✓' : '–'}
            </span>
            {c.words}
          </li>
        ))}
      </ul>
    </div>
  );
}
