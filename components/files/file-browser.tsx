'use client';

import { keepPreviousData, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { DirectoryListing, FileEntry } from '@/server/contracts/containers';
import { UPLOAD_LIMIT_BYTES } from '@/server/contracts/upload-limit';
import { api, ApiRequestError, errorMessage } from '../api';
import { formatBytes, formatDateTime } from '../format';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { Skeleton } from '../ui/skeleton';
import { Spinner } from '../ui/spinner';
import { toast } from '../ui/toast';

const join = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

function Icon({ type }: { type: FileEntry['type'] }) {
  if (type === 'dir')
    return (
      <svg viewBox="0 0 16 16" className="size-3.5 text-sky-600" aria-hidden>
        <path
          d="M1.5 3.5h4l1.5 1.5h7.5v8h-13z"
          fill="currentColor"
          fillOpacity=".2"
          stroke="currentColor"
          strokeWidth="1.1"
          strokeLinejoin="round"
        />
      </svg>
    );
  if (type === 'symlink')
    return (
      <svg viewBox="0 0 16 16" className="size-3.5 text-violet-600" aria-hidden>
        <path
          d="M6 10 10 6M7 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 0 1 4.5 9l1-1"
          stroke="currentColor"
          strokeWidth="1.3"
          fill="none"
          strokeLinecap="round"
        />
      </svg>
    );
  return (
    <svg viewBox="0 0 16 16" className="size-3.5 text-zinc-400" aria-hidden>
      <path d="M3.5 1.5h6l3 3v10h-9z" fill="none" stroke="currentColor" strokeWidth="1.1" strokeLinejoin="round" />
    </svg>
  );
}

/** Sends a multipart upload with XHR: fetch cannot report upload progress. Answers the parsed body or throws its words. */
function sendWithProgress(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiRequestError('The upload was cut off: check the connection and try again', 0, 'HTTP'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // Not JSON: the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const msg =
        body && typeof body === 'object' && 'message' in body
          ? String((body as { message: unknown }).message)
          : `Upload failed (${xhr.status})`;
      reject(new ApiRequestError(msg, xhr.status, 'HTTP'));
    };
    xhr.send(form);
  });
}

/**
 * A folder browser over a `…/files` API (list with `?path=`, `/download?path=`, multipart POST with `dir`
 * and `file`): a container's files, or a volume's (through Wharf's helper container).
 */
export function FileBrowser({
  apiBase,
  filesKey,
  canUpload = true,
  canDownload = true,
}: {
  apiBase: string;
  filesKey: (path: string) => QueryKey;
  canUpload?: boolean;
  /** Downloads need files.read: a viewer lists but does not take files away. */
  canDownload?: boolean;
}) {
  const [path, setPath] = useState('/');
  const listing = useQuery({
    queryKey: filesKey(path),
    queryFn: ({ signal }) => api<DirectoryListing>(`${apiBase}/files?path=${encodeURIComponent(path)}`, { signal }),
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const qc = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [progress, setProgress] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const inputId = useId();

  const parts = path.split('/').filter(Boolean);
  const crumbs = [{ name: '/', path: '/' }, ...parts.map((p, i) => ({ name: p, path: `/${parts.slice(0, i + 1).join('/')}` }))];
  const dl = (p: string) => `${apiBase}/files/download?path=${encodeURIComponent(p)}`;
  const data = listing.data;
  const entries = [...(data?.entries ?? [])].sort(
    (a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name),
  );

  const upload = async () => {
    if (!file) return;
    if (file.size > UPLOAD_LIMIT_BYTES) {
      setUploadError(`Files up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MiB can be uploaded`);
      return;
    }
    setUploading(true);
    setProgress(0);
    setUploadError(null);
    try {
      const form = new FormData();
      form.set('dir', path);
      form.set('file', file);
      await sendWithProgress(`${apiBase}/files`, form, setProgress);
      // The new row says which file; a toast naming it again would only repeat it.
      toast({ tone: 'success', title: 'Upload complete' });
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      void qc.invalidateQueries({ queryKey: filesKey(path) });
    } catch (err) {
      setUploadError(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <nav aria-label="Path" className="flex min-w-0 flex-wrap items-center gap-0.5 font-mono text-[12px]" data-testid="file-breadcrumb">
          {crumbs.map((c, i) => (
            <span key={c.path} className="inline-flex items-center">
              {i > 1 && <span className="px-0.5 text-zinc-400">/</span>}
              {i === crumbs.length - 1 ? (
                <span className="rounded px-1 font-semibold text-zinc-900" aria-current="location">
                  {c.name}
                </span>
              ) : (
                <button type="button" onClick={() => setPath(c.path)} className="rounded px-1 text-sky-700 hover:bg-sky-50 hover:underline">
                  {c.name}
                </button>
              )}
            </span>
          ))}
          {listing.isFetching && <Spinner className="ml-1 text-zinc-400" />}
        </nav>
        {canUpload && (
          <div className="flex items-center gap-2">
            <label htmlFor={inputId} className="text-xs text-zinc-600">
              Upload file
            </label>
            <input
              ref={fileRef}
              id={inputId}
              type="file"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setUploadError(null);
              }}
              className="max-w-56 text-xs file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-white file:px-2 file:py-0.5 file:text-xs"
            />
            <Button size="sm" variant="primary" disabled={!file} pending={uploading} onClick={() => void upload()}>
              Upload
            </Button>
            {uploading && (
              <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600 tabular-nums" data-testid="upload-progress">
                <span className="h-1.5 w-24 overflow-hidden rounded-full bg-zinc-200">
                  <span className="block h-full bg-sky-600 transition-[width]" style={{ width: `${Math.round(progress * 100)}%` }} />
                </span>
                {progress < 1 ? `${Math.round(progress * 100)}%` : 'Writing…'}
              </span>
            )}
          </div>
        )}
      </div>
      {uploadError && (
        <ErrorAlert testId="action-error" title="Upload failed">
          {uploadError}
        </ErrorAlert>
      )}
      {data?.via === 'archive' && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-1 text-xs text-sky-900" data-testid="files-via-archive">
          The container is not running, so this listing was read through the engine’s archive API (sizes and dates of folders may be
          missing).
        </p>
      )}
      {data?.truncated && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-1 text-xs text-amber-900" data-testid="files-truncated">
          This folder has more entries than Wharf lists; only the first {data.entries.length} are shown. Download the folder to see
          everything.
        </p>
      )}
      {listing.isError && <ErrorAlert title={`Could not list ${path}`}>{errorMessage(listing.error)}</ErrorAlert>}
      <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
        <table className="w-full text-xs" data-testid="file-table">
          <thead className="bg-zinc-50 text-left text-zinc-500">
            <tr>
              <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Name</th>
              <th className="border-b border-zinc-200 px-2.5 py-1.5 text-right font-medium">Size</th>
              <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Mode</th>
              <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Modified</th>
              <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Link target</th>
              <th className="border-b border-zinc-200 px-2.5 py-1.5">
                <span className="sr-only">Download</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {path !== '/' && (
              <tr className="hover:bg-zinc-50">
                <td colSpan={6} className="px-2.5 py-1">
                  <button
                    type="button"
                    className="font-mono text-[12px] text-sky-700 hover:underline"
                    onClick={() => setPath(crumbs[crumbs.length - 2]?.path ?? '/')}
                  >
                    ..
                  </button>
                </td>
              </tr>
            )}
            {listing.isPending &&
              Array.from({ length: 6 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={6} className="px-2.5 py-2">
                    <Skeleton className="h-3 w-1/3" />
                  </td>
                </tr>
              ))}
            {data && entries.length === 0 && (
              <tr>
                <td colSpan={6} className="px-2.5 py-6 text-center text-zinc-500">
                  This folder is empty.
                </td>
              </tr>
            )}
            {entries.map((e) => (
              <tr key={e.name} className="h-8 hover:bg-zinc-50" data-testid="file-row" data-name={e.name} data-type={e.type}>
                <td className="max-w-96 px-2.5 py-1">
                  <span className="inline-flex min-w-0 items-center gap-1.5">
                    <Icon type={e.type} />
                    {e.type === 'dir' ? (
                      <>
                        <button
                          type="button"
                          onClick={() => setPath(join(path, e.name))}
                          className="truncate font-mono text-[12px] text-sky-700 hover:underline"
                        >
                          {e.name}
                        </button>
                        <span aria-hidden className="-ml-1.5 font-mono text-[12px] text-zinc-400">
                          /
                        </span>
                      </>
                    ) : (
                      <span className="truncate font-mono text-[12px] text-zinc-900">{e.name}</span>
                    )}
                  </span>
                </td>
                <td
                  className="px-2.5 py-1 text-right whitespace-nowrap text-zinc-600 tabular-nums"
                  title={`${e.size.toLocaleString()} bytes`}
                >
                  {e.type === 'file' ? (e.size ? formatBytes(e.size) : '0 B') : ''}
                </td>
                <td className="px-2.5 py-1 font-mono text-[12px] text-zinc-600">{e.mode}</td>
                <td className="px-2.5 py-1 whitespace-nowrap text-zinc-600">{formatDateTime(e.mtime)}</td>
                <td className="px-2.5 py-1 font-mono text-[12px] break-all text-violet-700">{e.linkTarget ?? ''}</td>
                <td className="px-2.5 py-1 text-right">
                  {canDownload && (e.type === 'file' || e.type === 'dir') && (
                    <a
                      href={dl(e.path || join(path, e.name))}
                      download
                      className={buttonClass('ghost', 'sm', 'h-6')}
                      title={e.type === 'dir' ? `Download ${e.name} as .tar` : `Download ${e.name}`}
                    >
                      Download
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canDownload && (
        <p className="text-xs text-zinc-500">
          <a href={dl(path)} download className="text-sky-700 hover:underline">
            Download this folder as .tar
          </a>
        </p>
      )}
    </div>
  );
}
