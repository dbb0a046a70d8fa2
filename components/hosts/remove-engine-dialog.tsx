'use client';

import { useRouter } from 'next/navigation';
import type { EngineSummary } from '@/server/contracts/engines';
import { errorMessage } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { useRemoveEngine } from './use-engines';

export function RemoveEngineDialog({ engine, onClose, onRemoved }: { engine: EngineSummary; onClose: () => void; onRemoved?: () => void }) {
  const remove = useRemoveEngine();
  const router = useRouter();

  return (
    <Dialog
      title={`Remove ${engine.name}?`}
      onClose={onClose}
      dismissOnBackdrop={!remove.isPending}
      footer={
        <>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose} disabled={remove.isPending} data-autofocus="">
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={() =>
              remove.mutate(engine.id, {
                onSuccess: () => {
                  onRemoved?.();
                  router.push('/');
                },
              })
            }
          >
            Remove engine
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {remove.error && <ErrorAlert testId="form-error">{errorMessage(remove.error)}</ErrorAlert>}
        <p>
          Wharf stops watching <span className="font-semibold">{engine.name}</span> (
          <span className="font-mono text-[12px] break-all">{engine.address}</span>) and forgets its stored credentials.
        </p>
        <p className="text-zinc-600">The engine itself, its containers and images are not touched. You can add it again later.</p>
      </div>
    </Dialog>
  );
}
