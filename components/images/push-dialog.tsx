'use client';

import { useId, useState, type FormEvent } from 'react';
import { parseImageRef, shortImageId, type ImageSummary } from '@/server/contracts/images';
import { errorMessage, fieldErrors } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input } from '../ui/field';
import { OperationPanel, RefHint, RegistryLine, useOperation } from './transfer-parts';
import { useCancelOperation, useStartPush } from './use-transfer';

/** Push an image (one of its tags, or under a new name: tagged first, the tag kept) with per-layer progress. */
export function PushDialog({ image, open, onClose }: { image: ImageSummary; open: boolean; onClose: () => void }) {
  if (!open) return null;
  return <PushDialogBody image={image} onClose={onClose} />;
}

function PushDialogBody({ image, onClose }: { image: ImageSummary; onClose: () => void }) {
  const uid = useId();
  const formId = `${uid}-form`;
  const listId = `${uid}-tags`;
  const [name, setName] = useState(image.tags[0] ?? '');
  const [opId, setOpId] = useState<string | null>(null);
  const start = useStartPush(image.hostId);
  const cancel = useCancelOperation();
  const { op, error } = useOperation(opId);
  const parsed = parseImageRef(name);
  const existing = parsed ? image.tags.find((t) => parseImageRef(t)?.full === parsed.full) : undefined;
  const fields = fieldErrors(start.error);
  const fieldError = fields.as ?? fields.image ?? (parsed?.digest ? 'A push names a tag, not a digest' : null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (start.isPending || !parsed || parsed.digest) return;
    const body = existing ? { image: existing } : { image: image.id, as: name.trim() };
    start.mutate(body, { onSuccess: (r) => setOpId(r.operationId) });
  }

  const running = !!opId && (!op || op.state === 'running');
  const footer = !opId ? (
    <>
      <span className="flex-1" />
      <Button variant="ghost" onClick={onClose}>
        Cancel
      </Button>
      <Button variant="primary" type="submit" form={formId} pending={start.isPending} disabled={!parsed || !!parsed.digest}>
        Push
      </Button>
    </>
  ) : running ? (
    <>
      <Button variant="secondary" onClick={() => cancel.mutate(opId)} pending={cancel.isPending} disabled={!op?.cancellable}>
        Cancel push
      </Button>
      <span className="flex-1 text-xs text-zinc-500">Closing keeps it running in the activity tray.</span>
      <Button variant="primary" onClick={onClose}>
        Close
      </Button>
    </>
  ) : (
    <>
      <span className="flex-1" />
      <Button variant="primary" onClick={onClose}>
        Close
      </Button>
    </>
  );

  return (
    <Dialog
      title="Push an image"
      description={
        <>
          <span className="font-mono text-[12px]">{shortImageId(image.id)}</span>
          {image.tags.length ? ` · ${image.tags.join(', ')}` : ' · no tags'}
        </>
      }
      onClose={onClose}
      className="max-w-2xl!"
      footer={footer}
    >
      {!opId ? (
        <form id={formId} onSubmit={submit} noValidate className="space-y-3">
          {start.error && !fieldError && <ErrorAlert testId="form-error">{errorMessage(start.error)}</ErrorAlert>}
          <Field
            id={`${uid}-name`}
            label="Push as"
            error={fieldError}
            hint={
              <>
                <RefHint parsed={parsed} typed={name} verb="Pushes to" />
                {parsed && !parsed.digest && !existing && (
                  <span className="block" data-testid="new-tag-hint">
                    A new name: the image is tagged <span className="font-mono">{parsed.familiar}</span> first, and keeps that tag.
                  </span>
                )}
              </>
            }
          >
            <Input
              {...controlProps(`${uid}-name`, fieldError, true)}
              value={name}
              list={listId}
              onChange={(e) => {
                setName(e.target.value);
                if (start.error) start.reset();
              }}
              placeholder="registry.example.com:5000/team/app:1.2"
              className="font-mono text-[12px]"
              autoComplete="off"
              spellCheck={false}
              data-autofocus=""
            />
            <datalist id={listId}>
              {image.tags.map((t) => (
                <option key={t} value={t} />
              ))}
            </datalist>
          </Field>
          <RegistryLine domain={parsed?.domain ?? null} />
        </form>
      ) : (
        <div className="space-y-3">
          <OperationPanel id={opId} op={op} error={error} what="push" />
          {cancel.error && <ErrorAlert>{errorMessage(cancel.error)}</ErrorAlert>}
        </div>
      )}
    </Dialog>
  );
}
