'use client';

import { useState } from 'react';
import { BUILD_CONTEXT_LIMIT_BYTES, BUILD_FOLDER_MAX_FILES } from '@/server/contracts/image-build';
import { formatBytes } from '../../format';
import { buttonClass } from '../../ui/button';
import { controlProps, Field, Input } from '../../ui/field';
import { pickFolder, type PickedFolder } from './build-model';

export type PickedContext = { kind: 'tar'; file: File } | { kind: 'folder'; folder: PickedFolder } | null;

/** What a picked context is over the limits, in words (checked before anything is sent). */
export function contextProblem(ctx: PickedContext): string | null {
  if (!ctx) return null;
  const size = ctx.kind === 'tar' ? ctx.file.size : ctx.folder.size;
  if (size > BUILD_CONTEXT_LIMIT_BYTES)
    return `The context is ${formatBytes(size)}: at most ${formatBytes(BUILD_CONTEXT_LIMIT_BYTES)} can be sent`;
  if (ctx.kind === 'folder' && ctx.folder.files.length === 0) return 'The folder has no files to send';
  if (ctx.kind === 'folder' && ctx.folder.files.length > BUILD_FOLDER_MAX_FILES)
    return `The folder has ${ctx.folder.files.length} files: at most ${BUILD_FOLDER_MAX_FILES} (list the rest in .dockerignore)`;
  return null;
}

/** A tar (plain or compressed) or a folder as the build context, with what it holds before it is sent. */
export function ContextPicker({
  value,
  onChange,
  dockerfilePath,
  onDockerfilePath,
  errors,
}: {
  value: PickedContext;
  onChange: (c: PickedContext) => void;
  dockerfilePath: string;
  onDockerfilePath: (p: string) => void;
  errors: { context?: string | null; dockerfile?: string | null };
}) {
  const [reading, setReading] = useState(false);
  const problem = contextProblem(value) ?? errors.context;
  const hasDockerfile =
    value?.kind === 'folder' ? value.folder.files.some((f) => f.path === (dockerfilePath.trim() || 'Dockerfile')) : null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className={buttonClass('secondary', 'sm', 'cursor-pointer')}>
          Choose a tar file…
          <input
            type="file"
            accept=".tar,.tar.gz,.tgz,.tar.bz2,.tar.xz,application/x-tar,application/gzip"
            className="sr-only"
            data-testid="context-tar"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onChange({ kind: 'tar', file: f });
              e.target.value = '';
            }}
          />
        </label>
        <label className={buttonClass('secondary', 'sm', 'cursor-pointer')}>
          Choose a folder…
          <input
            // React does not know the attribute: set it on the element.
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            type="file"
            multiple
            className="sr-only"
            data-testid="context-folder"
            onChange={async (e) => {
              const list = e.target.files;
              if (!list?.length) return;
              setReading(true);
              try {
                onChange({ kind: 'folder', folder: await pickFolder(list) });
              } finally {
                setReading(false);
                e.target.value = '';
              }
            }}
          />
        </label>
        {value && (
          <button type="button" className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline" onClick={() => onChange(null)}>
            Clear
          </button>
        )}
      </div>
      <div
        className="rounded-md border border-dashed border-zinc-300 bg-zinc-50 px-3 py-2.5 text-[13px] text-zinc-700"
        data-testid="context-summary"
        aria-live="polite"
      >
        {reading ? (
          'Reading the folder…'
        ) : !value ? (
          <span className="text-zinc-500">
            No context chosen. A tar (as <code className="font-mono text-xs">tar -cf ctx.tar .</code> makes; gzip, bzip2 and xz too) is sent
            to the engine as it is; a folder is packed as it uploads, its <code className="font-mono text-xs">.dockerignore</code> applied.
          </span>
        ) : value.kind === 'tar' ? (
          <span>
            <span className="font-mono">{value.file.name}</span> · {formatBytes(value.file.size)}
          </span>
        ) : (
          <span>
            Folder <span className="font-mono">{value.folder.name || '(unnamed)'}/</span> · {value.folder.files.length} file
            {value.folder.files.length === 1 ? '' : 's'} · {formatBytes(value.folder.size) === '—' ? '0 B' : formatBytes(value.folder.size)}
            {value.folder.ignored > 0 && <span className="text-zinc-500"> · {value.folder.ignored} left out by .dockerignore</span>}
            {hasDockerfile === false && (
              <span className="mt-1 block text-amber-800">No {dockerfilePath.trim() || 'Dockerfile'} at the top of this folder.</span>
            )}
          </span>
        )}
      </div>
      {problem && (
        <p className="text-xs text-red-700" role="alert" data-testid="context-error">
          {problem}
        </p>
      )}
      <Field
        id="build-dockerfile-path"
        label="Dockerfile path in the context"
        error={errors.dockerfile}
        hint="Relative to the context's top, e.g. docker/Dockerfile.prod"
      >
        <Input
          {...controlProps('build-dockerfile-path', errors.dockerfile, true)}
          value={dockerfilePath}
          onChange={(e) => onDockerfilePath(e.target.value)}
          placeholder="Dockerfile"
          spellCheck={false}
          className="max-w-sm font-mono text-xs"
        />
      </Field>
      <p className="text-xs text-zinc-500">
        Files of a folder arrive with mode 755: browsers do not tell file modes (the CLI on Windows does the same).
      </p>
    </div>
  );
}
