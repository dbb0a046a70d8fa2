'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { NetworkPruneReport } from '@/server/contracts/networks';
import { errorMessage } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { prunePreview, pruneNetworks } from './use-networks';

/** Prune a host's unused networks: first exactly which would go, then which went. */
export function PruneNetworksDialog({
  hostId,
  hostName,
  listVersion,
  onClose,
}: {
  hostId: string;
  hostName: string;
  /** Changes when the host's networks change: the preview is read again. */
  listVersion: string;
  onClose: () => void;
}) {
  const id = useId();
  const [labelInput, setLabelInput] = useState('');
  const [label, setLabel] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<NetworkPruneReport | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setLabel(labelInput.trim()), 300);
    return () => clearTimeout(t);
  }, [labelInput]);
  const preview = useQuery({
    queryKey: ['networks', 'prune-preview', hostId, label, listVersion],
    queryFn: ({ signal }) => prunePreview(hostId, label, signal),
    enabled: report === null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const count = preview.data?.networks.length ?? 0;

  const run = async () => {
    setPending(true);
    setError(null);
    try {
      setReport(await pruneNetworks(hostId, label));
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      title={`Prune networks on ${hostName}`}
      description="Removes user networks no running container is attached to. A preview first; nothing is removed until you confirm."
      onClose={onClose}
      className="max-w-xl"
      footer={
        report ? (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="danger" pending={pending} disabled={!count || preview.isFetching} onClick={() => void run()}>
              Prune {count} network{count === 1 ? '' : 's'}
            </Button>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
          </>
        )
      }
    >
      <div className="space-y-3">
        <Field id={`${id}-label`} label="Only networks with the label (optional)" hint="key, or key=value">
          <Input
            {...controlProps(`${id}-label`, null, true)}
            value={labelInput}
            disabled={report !== null}
            onChange={(e) => setLabelInput(e.target.value)}
            placeholder="e.g. stage=ci"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
        {report ? (
          <p
            role="status"
            data-testid="prune-result"
            className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 font-medium text-emerald-900"
          >
            {report.deleted.length
              ? `Removed ${report.deleted.length} network${report.deleted.length === 1 ? '' : 's'}: ${report.deleted.join(', ')}`
              : 'Nothing was removed'}
          </p>
        ) : preview.error ? (
          <ErrorAlert>{errorMessage(preview.error)}</ErrorAlert>
        ) : !preview.data ? (
          <p className="flex items-center gap-2 text-zinc-500">
            <Spinner /> Reading what would go…
          </p>
        ) : (
          <div data-testid="prune-preview" className="space-y-1.5">
            <p className="flex items-center gap-2 text-zinc-700">
              {count ? `${count} network${count === 1 ? '' : 's'} would go` : 'Nothing to prune'}
              {preview.isFetching && <Spinner />}
            </p>
            {count > 0 && (
              <ul className="max-h-48 overflow-auto rounded-md border border-zinc-200 text-[12px]">
                {preview.data.networks.map((n) => (
                  <li key={n.id} className="flex gap-2 border-b border-zinc-100 px-2 py-1 last:border-0" data-testid="prune-item">
                    <span className="min-w-0 flex-1 truncate font-mono text-zinc-800">{n.name}</span>
                    <span className="text-zinc-500">{n.driver}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
