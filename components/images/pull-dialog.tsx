'use client';

import { useId, useState, type FormEvent } from 'react';
import { parseImageRef } from '@/server/contracts/images';
import { errorMessage, fieldErrors } from '../api';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input } from '../ui/field';
import { OperationPanel, RefHint, RegistryLine, useOperation } from './transfer-parts';
import { useCancelOperation, useStartPull } from './use-transfer';

/** Pull any reference onto a host, with one live bar per layer. Closing leaves it running in the activity tray. */
export function PullDialog({
  hostId,
  open,
  onClose,
  initialRef,
}: {
  hostId: string;
  open: boolean;
  onClose: () => void;
  initialRef?: string;
}) {
  if (!open) return null;
  return <PullDialogBody hostId={hostId} onClose={onClose} initialRef={initialRef ?? ''} />;
}

function PullDialogBody({ hostId, onClose, initialRef }: { hostId: string; onClose: () => void; initialRef: string }) {
  const uid = useId();
  const formId = `${uid}-form`;
  const [ref, setRef] = useState(initialRef);
  const [opId, setOpId] = useState<string | null>(null);
  const start = useStartPull(hostId);
  const cancel = useCancelOperation();
  const { op, error } = useOperation(opId);
  const host = useEngines().data?.find((e) => e.id === hostId);
  const parsed = parseImageRef(ref);
  const fieldError = fieldErrors(start.error).ref ?? null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (start.isPending || !parsed) return;
    start.mutate({ ref: ref.trim() }, { onSuccess: (r) => setOpId(r.operationId) });
  }

  function again() {
    setOpId(null);
    start.reset();
    cancel.reset();
  }

  const running = !!opId && (!op || op.state === 'running');
  const footer = !opId ? (
    <>
      <span className="flex-1" />
      <Button variant="ghost" onClick={onClose}>
        Cancel
      </Button>
      <Button variant="primary" type="submit" form={formId} pending={start.isPending} disabled={!parsed}>
        Pull
      </Button>
    </>
  ) : running ? (
    <>
      <Button variant="secondary" onClick={() => cancel.mutate(opId)} pending={cancel.isPending} disabled={!op?.cancellable}>
        Cancel pull
      </Button>
      <span className="flex-1 text-xs text-zinc-500">Closing keeps it running in the activity tray.</span>
      <Button variant="primary" onClick={onClose}>
        Close
      </Button>
    </>
  ) : (
    <>
      <Button variant="secondary" onClick={again}>
        Pull another
      </Button>
      <span className="flex-1" />
      <Button variant="primary" onClick={onClose}>
        Close
      </Button>
    </>
  );

  return (
    <Dialog title="Pull an image" description={`Onto ${host?.name ?? hostId}`} onClose={onClose} className="max-w-2xl!" footer={footer}>
      {!opId ? (
        <form id={formId} onSubmit={submit} noValidate className="space-y-3">
          {start.error && !fieldError && <ErrorAlert testId="form-error">{errorMessage(start.error)}</ErrorAlert>}
          <Field id={`${uid}-ref`} label="Image reference" error={fieldError} hint={<RefHint parsed={parsed} typed={ref} verb="Pulls" />}>
            <Input
              {...controlProps(`${uid}-ref`, fieldError, true)}
              value={ref}
              onChange={(e) => {
                setRef(e.target.value);
                if (start.error) start.reset();
              }}
              placeholder="busybox, nginx:1.27, registry.example.com:5000/team/app:1.2, app@sha256:…"
              className="font-mono text-[12px]"
              autoComplete="off"
              spellCheck={false}
              data-autofocus=""
            />
          </Field>
          <RegistryLine domain={parsed?.domain ?? null} />
        </form>
      ) : (
        <div className="space-y-3">
          <OperationPanel id={opId} op={op} error={error} what="pull" />
          {cancel.error && <ErrorAlert>{errorMessage(cancel.error)}</ErrorAlert>}
        </div>
      )}
    </Dialog>
  );
}
