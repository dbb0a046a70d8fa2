'use client';

import { useId, useState } from 'react';
import { errorMessage, fieldErrors } from '../api';
import { Button } from '../ui/button';
import { Input } from '../ui/field';
import { useAuditRetention, useSaveRetention } from './use-audit';

const describe = (days: number, maxRows: number) =>
  [
    days > 0 ? `for ${days} day${days === 1 ? '' : 's'}` : 'without an age limit',
    maxRows > 0 ? `at most ${maxRows.toLocaleString('en')} entries` : null,
  ]
    .filter(Boolean)
    .join(', ');

/** How long entries are kept; an admin can change it here unless the environment decides. */
export function RetentionLine({ admin }: { admin: boolean }) {
  const id = useId();
  const retention = useAuditRetention().data;
  const save = useSaveRetention();
  const [editing, setEditing] = useState<{ days: string; maxRows: string } | null>(null);
  if (!retention) return null;
  const errors = fieldErrors(save.error);
  return (
    <div
      className="mt-4 flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-2 text-xs text-zinc-500"
      data-testid="audit-retention"
    >
      {editing ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ days: Number(editing.days), maxRows: Number(editing.maxRows) }, { onSuccess: () => setEditing(null) });
          }}
        >
          <label htmlFor={`${id}-days`}>Keep entries for</label>
          <Input
            id={`${id}-days`}
            inputMode="numeric"
            value={editing.days}
            onChange={(e) => setEditing({ ...editing, days: e.target.value })}
            className="h-7 text-xs w-20!"
          />
          <span>days (0: no age limit), at most</span>
          <Input
            id={`${id}-rows`}
            inputMode="numeric"
            value={editing.maxRows}
            onChange={(e) => setEditing({ ...editing, maxRows: e.target.value })}
            className="h-7 text-xs w-28!"
            aria-label="Most entries kept"
          />
          <span>entries (0: no bound).</span>
          <Button size="sm" variant="primary" type="submit" pending={save.isPending}>
            Save
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
            Cancel
          </Button>
          {save.isError && <span className="text-red-700">{errors.days ?? errors.maxRows ?? errorMessage(save.error)}</span>}
        </form>
      ) : (
        <>
          <span>
            Entries and failed sign-ins are kept {describe(retention.days, retention.maxRows)}
            {retention.fromEnv ? ' (set by WHARF_AUDIT_RETENTION_DAYS / WHARF_AUDIT_MAX_ROWS).' : '.'}
          </span>
          {admin && !retention.fromEnv && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setEditing({ days: String(retention.days), maxRows: String(retention.maxRows) })}
            >
              Change
            </Button>
          )}
        </>
      )}
    </div>
  );
}
