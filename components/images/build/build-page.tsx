'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { BUILD_FORM } from '@/server/contracts/image-build';
import type { ImageSummary } from '@/server/contracts/images';
import { api, errorMessage, fieldErrors } from '../../api';
import { useEngines } from '../../hosts/use-engines';
import { PageBody } from '../../layout/page-header';
import { useLiveQuery } from '../../realtime/use-live';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Section } from '../../ui/card';
import { controlProps, Field, Select } from '../../ui/field';
import { tabPanelProps, Tabs, useTabsId } from '../../ui/tabs';
import { ImportImageDialog, LoadImageDialog } from '../archive-dialogs';
import { buildHref, imagesHref } from '../links';
import { BytesBar } from '../operation-bits';
import { useUploadOperation } from '../upload-form';
import { BuildLogView } from './build-log';
import {
  buildOptions,
  defaultBase,
  dockerfileTemplate,
  emptyBuildForm,
  firstBase,
  folderManifest,
  withBase,
  type BuildFormValues,
} from './build-model';
import { BuildOptionsFields, optionErrors } from './build-options';
import { ContextPicker, contextProblem, type PickedContext } from './context-picker';
import { DockerfileEditor } from './dockerfile-editor';

type Source = 'dockerfile' | 'upload';
const SOURCES = [
  { id: 'dockerfile', label: 'Dockerfile' },
  { id: 'upload', label: 'Upload context' },
] as const;

const buildUrl = (hostId: string) => `/api/hosts/${encodeURIComponent(hostId)}/images/build`;

/** `docker build` on one host: an inline Dockerfile or an uploaded context, the options, and the live log (`?op=`). */
export function BuildPage({ hostId }: { hostId: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const operationId = params.get('op');
  const engines = useEngines();
  const engine = engines.data?.find((e) => e.id === hostId);
  const images = useLiveQuery<ImageSummary[]>({ kind: 'images', hostId });
  const tabsId = useTabsId();
  const [source, setSource] = useState<Source>('dockerfile');
  const [dockerfile, setDockerfile] = useState<string | null>(null);
  const [values, setValues] = useState<BuildFormValues>(emptyBuildForm);
  const [context, setContext] = useState<PickedContext>(null);
  const [dialog, setDialog] = useState<'load' | 'import' | null>(null);
  const upload = useUploadOperation();
  const [inlineError, setInlineError] = useState<unknown>(null);
  const [inlinePending, setInlinePending] = useState(false);

  const tags = useMemo(() => [...new Set((images.data ?? []).flatMap((i) => i.tags))].sort(), [images.data]);
  // The template waits for the host's images, to start FROM one the host has.
  const text = dockerfile ?? (images.data ? dockerfileTemplate(defaultBase(images.data)) : null);
  const base = text ? firstBase(text) : null;

  const error = source === 'dockerfile' ? inlineError : upload.state.phase === 'failed' ? upload.state.error : null;
  const fields = fieldErrors(error);
  const errors = optionErrors(fields);
  const pending = inlinePending || upload.state.phase === 'uploading';

  const show = (id: string) => router.replace(`${buildHref(hostId)}?op=${encodeURIComponent(id)}`, { scroll: false });

  const submit = async () => {
    if (source === 'dockerfile') {
      setInlinePending(true);
      setInlineError(null);
      try {
        const r = await api<{ operationId: string }>(buildUrl(hostId), {
          method: 'POST',
          body: { dockerfile: text ?? '', options: buildOptions(values, false) },
        });
        show(r.operationId);
      } catch (err) {
        setInlineError(err);
      } finally {
        setInlinePending(false);
      }
      return;
    }
    if (!context || contextProblem(context)) return;
    const form = new FormData();
    form.append(BUILD_FORM.options, JSON.stringify(buildOptions(values, true)));
    if (context.kind === 'tar') form.append(BUILD_FORM.context, context.file, context.file.name);
    else {
      form.append(BUILD_FORM.files, JSON.stringify(folderManifest(context.folder)));
      for (const f of context.folder.files) form.append(BUILD_FORM.file, f.file, f.path);
    }
    const id = await upload.start(buildUrl(hostId), form);
    if (id) show(id);
  };

  const hostName = engine?.name ?? hostId;
  const panel = tabPanelProps(tabsId, source);
  return (
    <PageBody>
      <title>{`Build · ${hostName} · Wharf`}</title>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500">
        <Link href={imagesHref()} className="hover:text-sky-700 hover:underline">
          Images
        </Link>
        <span aria-hidden> / </span>
        <Link href={imagesHref(hostId)} className="hover:text-sky-700 hover:underline">
          {hostName}
        </Link>
        <span aria-hidden> / </span>
        <span className="text-zinc-700">Build</span>
      </nav>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="min-w-0">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Build an image</h1>
          <p className="text-zinc-500">
            on <span className="font-medium text-zinc-700">{hostName}</span>, with the engine&apos;s classic builder
          </p>
        </div>
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          <span>Or make one from a tar:</span>
          <Button size="sm" onClick={() => setDialog('load')} data-testid="open-load">
            Load an archive…
          </Button>
          <Button size="sm" onClick={() => setDialog('import')} data-testid="open-import">
            Import a rootfs…
          </Button>
        </div>
      </div>
      {engine && engine.status !== 'online' && (
        <ErrorAlert className="mb-3" testId="engine-offline" title={`The engine ${engine.name} is ${engine.status}`}>
          {engine.lastError ?? 'It does not answer.'} A build needs it online.
        </ErrorAlert>
      )}
      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <form
          className="min-w-0 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          data-testid="build-form"
        >
          <Section title="What to build" bodyClassName="px-3 pt-0 pb-3">
            <Tabs tabs={[...SOURCES]} value={source} onChange={setSource} label="Build from" idBase={tabsId} className="-mx-3 mb-3 px-3" />
            <div {...panel} className="outline-none">
              {source === 'dockerfile' ? (
                <div className="space-y-3">
                  <Field
                    id="build-base"
                    label="Base image (the first FROM)"
                    hint="The images this host has; or write any reference in the editor"
                  >
                    <Select
                      {...controlProps('build-base', null, true)}
                      value={base && tags.includes(base) ? base : ''}
                      onChange={(e) => e.target.value && text !== null && setDockerfile(withBase(text, e.target.value))}
                      className="max-w-md font-mono text-xs"
                      data-testid="build-base"
                    >
                      <option value="">{base && !tags.includes(base) ? `${base} (not on this host)` : 'Choose an image…'}</option>
                      {tags.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  <Field
                    id="build-dockerfile"
                    label="Dockerfile"
                    error={fields.dockerfile}
                    hint="Tab indents; press Esc, then Tab, to leave the editor."
                  >
                    {text === null ? (
                      <div className="h-64 animate-pulse rounded-md bg-zinc-100" />
                    ) : (
                      <DockerfileEditor
                        id="build-dockerfile"
                        value={text}
                        onChange={setDockerfile}
                        invalid={!!fields.dockerfile}
                        describedBy={fields.dockerfile ? 'build-dockerfile-error' : 'build-dockerfile-hint'}
                      />
                    )}
                  </Field>
                </div>
              ) : (
                <ContextPicker
                  value={context}
                  onChange={(c) => {
                    setContext(c);
                    upload.reset();
                  }}
                  dockerfilePath={values.dockerfilePath}
                  onDockerfilePath={(dockerfilePath) => setValues((v) => ({ ...v, dockerfilePath }))}
                  errors={{ context: fields.context, dockerfile: errors.dockerfile }}
                />
              )}
            </div>
          </Section>
          <Section title="Options">
            <BuildOptionsFields values={values} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} errors={errors} />
          </Section>
          {upload.state.phase === 'uploading' && (
            <div className="rounded-md border border-sky-200 bg-sky-50/60 px-3 py-2" data-testid="context-upload">
              <BytesBar
                label="Uploading the build context"
                current={upload.state.progress.loaded}
                total={upload.state.progress.total || null}
              />
            </div>
          )}
          {error != null && (
            <ErrorAlert testId="build-refused" title={Object.keys(fields).length ? 'Check the form' : 'The build did not start'}>
              {errorMessage(error)}
            </ErrorAlert>
          )}
          <div className="flex items-center gap-2">
            <Button
              type="submit"
              variant="primary"
              pending={pending}
              disabled={engine?.status === 'offline' || (source === 'upload' && (!context || !!contextProblem(context))) || text === null}
              data-testid="build-submit"
            >
              Build
            </Button>
            {upload.state.phase === 'uploading' && (
              <Button variant="ghost" onClick={upload.cancel}>
                Stop the upload
              </Button>
            )}
            <span className="text-xs text-zinc-500">The build goes on if you leave this page; the activity tray shows it.</span>
          </div>
        </form>
        <div className="min-w-0 xl:sticky xl:top-4">
          {operationId ? (
            <BuildLogView key={operationId} hostId={hostId} operationId={operationId} />
          ) : (
            <div
              className="rounded-lg border border-dashed border-zinc-300 px-4 py-10 text-center text-zinc-500"
              data-testid="build-log-empty"
            >
              The build log shows here, step by step, as the engine runs it.
            </div>
          )}
        </div>
      </div>
      {dialog === 'load' && <LoadImageDialog hostId={hostId} open onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ImportImageDialog hostId={hostId} open onClose={() => setDialog(null)} />}
    </PageBody>
  );
}
