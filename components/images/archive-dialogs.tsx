'use client';

import Link from 'next/link';
import { useId, useState, type ReactNode } from 'react';
import { IMAGE_ARCHIVE_LIMIT_BYTES, IMPORT_FORM } from '@/server/contracts/image-build';
import { shortImageId, type ImageSummary } from '@/server/contracts/images';
import { errorMessage, fieldErrors } from '../api';
import { formatBytes } from '../format';
import { useLiveQuery } from '../realtime/use-live';
import type { OperationView } from '../realtime/live-views';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { controlProps, Field, Input, Textarea } from '../ui/field';
import { Dialog } from '../ui/dialog';
import { Spinner } from '../ui/spinner';
import { imageHref } from './links';
import { BytesBar, OperationStateBadge } from './operation-bits';
import { useUploadOperation, type UploadState } from './upload-form';

// Save (download a tar), load (upload a tar) and import (a rootfs tar as a new image). Each is an
// operation of the activity tray; the dialogs show its progress too, and the outcome.

const hostApi = (hostId: string) => `/api/hosts/${encodeURIComponent(hostId)}/images`;

/** What to ask the engine to save for an image: its tags (a load gives them back), or its id when it has none. */
const refsOf = (img: ImageSummary) => (img.tags.length ? img.tags : [img.id]);

export function saveHref(hostId: string, images: ImageSummary[]): string {
  const q = new URLSearchParams();
  for (const r of new Set(images.flatMap(refsOf))) q.append('ref', r);
  return `${hostApi(hostId)}/save?${q.toString()}`;
}

/** `docker save`: one or several images as one tar, downloaded by the browser as the engine streams it. */
export function SaveImagesDialog({
  hostId,
  images,
  open,
  onClose,
}: {
  hostId: string;
  images: ImageSummary[];
  open: boolean;
  onClose: () => void;
}) {
  if (!open) return null;
  const total = images.reduce((n, i) => n + i.size, 0);
  return (
    <Dialog
      title={images.length === 1 ? 'Save the image as a tar' : `Save ${images.length} images as one tar`}
      description="docker save: the layers, config and tags, for docker load on any host."
      onClose={onClose}
      footer={
        <>
          {images.length > 0 && (
            <a
              href={saveHref(hostId, images)}
              download
              className={buttonClass('primary')}
              data-testid="save-download"
              // The download goes on in the browser; the tray shows its progress.
              onClick={() => setTimeout(onClose, 0)}
            >
              Download .tar
            </a>
          )}
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      {images.length === 0 ? (
        <p className="text-zinc-600">Choose the images to save in the list first.</p>
      ) : (
        <>
          <ul className="max-h-60 divide-y divide-zinc-100 overflow-auto rounded-md border border-zinc-200" data-testid="save-list">
            {images.map((img) => (
              <li key={img.id} className="flex items-baseline justify-between gap-3 px-2.5 py-1.5">
                <span className="min-w-0 font-mono text-xs break-all text-zinc-800">
                  {img.tags.length ? img.tags.join(', ') : <span className="text-zinc-500">{shortImageId(img.id)} (untagged)</span>}
                </span>
                <span className="shrink-0 text-xs text-zinc-500 tabular-nums">{formatBytes(img.size)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-zinc-500">
            At most {formatBytes(total)} (layers the images share are saved once). The engine streams the archive straight to your browser;
            its progress shows in the activity tray.
          </p>
        </>
      )}
    </Dialog>
  );
}

/** The tar file input of the load and import dialogs. */
function TarInput({ id, file, onFile, error }: { id: string; file: File | null; onFile: (f: File | null) => void; error?: string }) {
  const tooBig = file && file.size > IMAGE_ARCHIVE_LIMIT_BYTES ? `At most ${formatBytes(IMAGE_ARCHIVE_LIMIT_BYTES)} can be uploaded` : null;
  return (
    <Field id={id} label="Tar file" error={tooBig ?? error}>
      <div className="flex flex-wrap items-center gap-2">
        <label className={buttonClass('secondary', 'sm', 'cursor-pointer')}>
          Choose a file…
          <input
            {...controlProps(id, tooBig ?? error)}
            type="file"
            accept=".tar,.tar.gz,.tgz,.tar.xz,.tar.bz2,application/x-tar,application/gzip"
            className="sr-only"
            data-testid={`${id}-input`}
            onChange={(e) => onFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <span className="min-w-0 truncate text-[13px] text-zinc-700" data-testid={`${id}-chosen`}>
          {file ? (
            <>
              <span className="font-mono">{file.name}</span> · {formatBytes(file.size)}
            </>
          ) : (
            <span className="text-zinc-500">No file chosen</span>
          )}
        </span>
      </div>
    </Field>
  );
}

/** The upload's progress, then the operation's: live, from its view. */
function UploadOutcome({
  hostId,
  state,
  verb,
  result,
}: {
  hostId: string;
  state: UploadState;
  verb: string;
  result: (lines: string[], result: string | null) => ReactNode;
}) {
  if (state.phase === 'uploading')
    return (
      <div className="rounded-md border border-sky-200 bg-sky-50/60 px-3 py-2" data-testid="upload-progress">
        <BytesBar label="Uploading" current={state.progress.loaded} total={state.progress.total || null} />
      </div>
    );
  if (state.phase === 'failed')
    return (
      <ErrorAlert testId="upload-error" title="The upload was refused">
        {errorMessage(state.error)}
      </ErrorAlert>
    );
  if (state.phase === 'started') return <OperationOutcome hostId={hostId} id={state.operationId} verb={verb} result={result} />;
  return null;
}

function OperationOutcome({
  hostId,
  id,
  verb,
  result,
}: {
  hostId: string;
  id: string;
  verb: string;
  result: (lines: string[], result: string | null) => ReactNode;
}) {
  const view = useLiveQuery<OperationView>({ kind: 'operation', id });
  if (!view.data)
    return (
      <p className="flex items-center gap-2 text-zinc-600">
        <Spinner /> {verb}…
      </p>
    );
  const { operation: op, log } = view.data;
  return (
    <div className="space-y-2" data-testid="operation-outcome" data-state={op.state}>
      <p className="flex items-center gap-2">
        <OperationStateBadge state={op.state} />
        <span className="text-zinc-700">{op.state === 'running' ? `${op.status}…` : op.title}</span>
      </p>
      {op.state === 'running' && op.bytes && <BytesBar label="Sent to the engine" current={op.bytes.current} total={op.bytes.total} />}
      {op.state === 'succeeded' && (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" data-testid="operation-result">
          {result(
            log.map((l) => l.text),
            op.result,
          )}
          {op.imageId && (
            <Link href={imageHref(hostId, op.imageId)} className="mt-1 inline-block text-xs font-medium underline hover:text-emerald-700">
              Open image {shortImageId(op.imageId)}
            </Link>
          )}
        </div>
      )}
      {(op.state === 'failed' || op.state === 'cancelled') && (
        <ErrorAlert testId="operation-error" title={op.state === 'cancelled' ? 'Cancelled' : `${verb} failed`}>
          {op.error}
        </ErrorAlert>
      )}
    </div>
  );
}

/** The footer while a file goes up and the operation runs: Close always; the submit only before. */
function UploadFooter({
  formId,
  state,
  submitLabel,
  disabled,
  onClose,
  onStop,
}: {
  formId: string;
  state: UploadState;
  submitLabel: string;
  disabled: boolean;
  onClose: () => void;
  onStop: () => void;
}) {
  const before = state.phase === 'idle' || state.phase === 'failed';
  return (
    <>
      {before && (
        <Button variant="primary" type="submit" form={formId} disabled={disabled}>
          {submitLabel}
        </Button>
      )}
      {state.phase === 'uploading' && <Button onClick={onStop}>Stop the upload</Button>}
      <Button variant="ghost" onClick={onClose}>
        {before ? 'Cancel' : 'Close'}
      </Button>
      {state.phase === 'started' && (
        <span className="text-xs text-zinc-500">It goes on if you close this; the activity tray shows it.</span>
      )}
    </>
  );
}

/** `docker load`: a tar made by docker save, uploaded with its progress; then the images it held. */
export function LoadImageDialog({ hostId, open, onClose }: { hostId: string; open: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadOperation();
  const formId = useId();
  if (!open) return null;
  const submit = () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    void upload.start(`${hostApi(hostId)}/load`, form);
  };
  return (
    <Dialog
      title="Load images from a tar"
      description="docker load: an archive made by docker save, with its tags."
      onClose={onClose}
      footer={
        <UploadFooter
          formId={formId}
          state={upload.state}
          submitLabel="Load"
          disabled={!file || file.size > IMAGE_ARCHIVE_LIMIT_BYTES}
          onClose={onClose}
          onStop={upload.cancel}
        />
      }
    >
      <form
        id={formId}
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="load-form"
      >
        <TarInput
          id="load-file"
          file={file}
          onFile={(f) => {
            setFile(f);
            upload.reset();
          }}
          error={fieldErrors(upload.state.phase === 'failed' ? upload.state.error : null).file}
        />
        <UploadOutcome
          hostId={hostId}
          state={upload.state}
          verb="Loading"
          result={(lines, result) => {
            const loaded = lines.map((l) => /^Loaded image(?: ID)?: (.+)$/.exec(l)?.[1]).filter((x): x is string => !!x);
            return loaded.length ? (
              <>
                <p className="font-medium">
                  Loaded {loaded.length} image{loaded.length === 1 ? '' : 's'}
                </p>
                <ul className="mt-1 space-y-0.5 font-mono text-xs" data-testid="loaded-images">
                  {loaded.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="font-medium">{result}</p>
            );
          }}
        />
      </form>
    </Dialog>
  );
}

/** `docker import`: a root filesystem tarball as a new one-layer image, with a tag and optional CMD, ENV, WORKDIR. */
export function ImportImageDialog({ hostId, open, onClose }: { hostId: string; open: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [reference, setReference] = useState('');
  const [cmd, setCmd] = useState('');
  const [env, setEnv] = useState('');
  const [workdir, setWorkdir] = useState('');
  const [message, setMessage] = useState('');
  const upload = useUploadOperation();
  const formId = useId();
  if (!open) return null;
  const fields = fieldErrors(upload.state.phase === 'failed' ? upload.state.error : null);
  const submit = () => {
    if (!file) return;
    const form = new FormData();
    // The fields first: the server checks them before it reads a byte of the file.
    form.append(IMPORT_FORM.reference, reference.trim());
    form.append(IMPORT_FORM.cmd, cmd);
    form.append(IMPORT_FORM.env, env);
    form.append(IMPORT_FORM.workdir, workdir);
    form.append(IMPORT_FORM.message, message);
    form.append(IMPORT_FORM.file, file, file.name);
    void upload.start(`${hostApi(hostId)}/import`, form);
  };
  const locked = upload.state.phase === 'uploading' || upload.state.phase === 'started';
  return (
    <Dialog
      title="Import a root filesystem as an image"
      description="docker import: a tar of a filesystem (e.g. from docker export) becomes a one-layer image."
      onClose={onClose}
      footer={
        <UploadFooter
          formId={formId}
          state={upload.state}
          submitLabel="Import"
          disabled={!file || !reference.trim() || file.size > IMAGE_ARCHIVE_LIMIT_BYTES}
          onClose={onClose}
          onStop={upload.cancel}
        />
      }
    >
      <form
        id={formId}
        className="space-y-2.5"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="import-form"
      >
        <TarInput
          id="import-file"
          file={file}
          onFile={(f) => {
            setFile(f);
            upload.reset();
          }}
          error={fields.file}
        />
        <fieldset disabled={locked} className="space-y-2.5">
          <Field id="import-reference" label="Repository:tag" error={fields.reference}>
            <Input
              {...controlProps('import-reference', fields.reference)}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              placeholder="team/rootfs:1.0"
              spellCheck={false}
              autoCapitalize="off"
              data-testid="import-reference"
            />
          </Field>
          <div className="grid grid-cols-[minmax(0,1fr)_10rem] gap-2">
            <Field id="import-cmd" label="CMD (optional)" error={fields.cmd} hint='Shell form, or exec form like ["sh"]'>
              <Input
                {...controlProps('import-cmd', fields.cmd, true)}
                value={cmd}
                onChange={(e) => setCmd(e.target.value)}
                placeholder='["/bin/sh"]'
                spellCheck={false}
                className="font-mono text-xs"
                data-testid="import-cmd"
              />
            </Field>
            <Field id="import-workdir" label="WORKDIR" error={fields.workdir}>
              <Input
                {...controlProps('import-workdir', fields.workdir)}
                value={workdir}
                onChange={(e) => setWorkdir(e.target.value)}
                placeholder="/"
                spellCheck={false}
                className="font-mono text-xs"
              />
            </Field>
          </div>
          <Field id="import-env" label="ENV (optional)" error={fields.env} hint="KEY=value, one per line">
            <Textarea
              {...controlProps('import-env', fields.env, true)}
              value={env}
              onChange={(e) => setEnv(e.target.value)}
              className="min-h-12"
              placeholder="PATH=/usr/local/bin:/usr/bin:/bin"
            />
          </Field>
          <Field id="import-message" label="Message (optional)" error={fields.message}>
            <Input
              {...controlProps('import-message', fields.message)}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              placeholder="Shown as the layer's comment in its history"
            />
          </Field>
        </fieldset>
        <UploadOutcome
          hostId={hostId}
          state={upload.state}
          verb="Importing"
          result={(_lines, result) => <p className="font-medium">{result}</p>}
        />
      </form>
    </Dialog>
  );
}
