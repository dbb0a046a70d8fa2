'use client';

import { useState } from 'react';
import type { BulkRemoveResult } from '@/server/contracts/image-requests';
import { errorMessage } from '../../api';
import { formatBytes } from '../../format';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Checkbox } from '../../ui/field';
import { toast } from '../../ui/toast';
import { bulkRemoveImages, imageName } from '../use-image-admin';
import { imageKey, type ImageRow } from './list-model';

/** The bar over the table while images are selected. */
export function ImageBulkBar({
  count,
  onRemove,
  onSave,
  saveHint,
  onClear,
}: {
  count: number;
  onRemove: () => void;
  /** Null when the selection spans hosts (a tar holds images of one engine). */
  onSave: (() => void) | null;
  saveHint: string;
  onClear: () => void;
}) {
  return (
    <div data-testid="bulk-bar" className="mb-2 flex flex-wrap items-center gap-1.5 rounded-lg border border-sky-200 bg-sky-50 px-2 py-1.5">
      <span className="mr-1 text-xs font-medium text-sky-900" data-testid="selection-count">
        {count} selected
      </span>
      <Button size="sm" variant="secondary" className="text-red-700" onClick={onRemove}>
        Remove…
      </Button>
      <Button size="sm" variant="secondary" disabled={!onSave} title={onSave ? undefined : saveHint} onClick={() => onSave?.()}>
        Save…
      </Button>
      <Button size="sm" variant="ghost" className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}

export interface BulkRemoveOutcome {
  results: BulkRemoveResult[];
  names: Map<string, string>;
}

/** Asks before removing a selection (with force, or not), then reports how each image fared. */
export function BulkRemoveDialog({
  rows,
  onClose,
  onDone,
}: {
  rows: ImageRow[];
  onClose: () => void;
  onDone: (outcome: BulkRemoveOutcome) => void;
}) {
  const [force, setForce] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inUse = rows.filter((r) => r.users.length > 0);
  const total = rows.reduce((a, r) => a + r.image.size, 0);
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      const results = await bulkRemoveImages(
        rows.map((r) => ({ hostId: r.image.hostId, id: r.image.id })),
        force,
      );
      const ok = results.filter((r) => r.ok).length;
      if (ok) toast({ tone: 'success', title: `Removed ${ok} image${ok === 1 ? '' : 's'}` });
      onDone({ results, names: new Map(rows.map((r) => [imageKey(r.image), imageName(r.image)])) });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      title={`Remove ${rows.length} image${rows.length === 1 ? '' : 's'}?`}
      description={`Up to ${formatBytes(total)}; layers other images hold stay.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => void confirm()}>
            Remove images
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <div className="space-y-2">
        <ul className="max-h-40 overflow-auto font-mono text-[12px] text-zinc-700" data-testid="bulk-remove-list">
          {rows.map((r) => (
            <li key={r.key} className="truncate">
              {r.image.tags.length ? r.image.tags.join(', ') : imageName(r.image)}
              {r.users.length > 0 && (
                <span className="ml-1 font-sans text-amber-700">· used by {r.users.map((c) => `${c.name} (${c.state})`).join(', ')}</span>
              )}
            </li>
          ))}
        </ul>
        {inUse.length > 0 && (
          <p className="text-amber-800">
            {inUse.length} of them {inUse.length === 1 ? 'is' : 'are'} used by containers: without force they are refused; with force only
            running containers still hold them.
          </p>
        )}
        <Checkbox
          label="Force (with all their tags, even if stopped containers use them)"
          checked={force}
          onChange={(e) => setForce(e.target.checked)}
        />
        {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}

/** What a bulk remove refused, image by image, until dismissed. */
export function BulkRemoveFailures({ outcome, onDismiss }: { outcome: BulkRemoveOutcome; onDismiss: () => void }) {
  const failed = outcome.results.filter((r) => !r.ok);
  if (!failed.length) return null;
  return (
    <div role="alert" data-testid="action-error" className="mb-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
      <div className="flex items-start justify-between gap-2">
        <p className="font-semibold">
          {failed.length} of {outcome.results.length} images could not be removed
        </p>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-xs" data-testid="bulk-failures">
        {failed.map((r) => (
          <li key={imageKey(r)}>
            <span className="font-medium">{outcome.names.get(imageKey(r)) ?? r.id}</span>: {r.message ?? 'failed'}
          </li>
        ))}
      </ul>
    </div>
  );
}
