'use client';

import { useCan } from '../auth/use-can';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '../api';
import { StateBadge } from '../containers/state-badge';
import { FileBrowser } from '../files/file-browser';
import { formatBytes, formatDateTime } from '../format';
import { useEngines } from '../hosts/use-engines';
import { PageBody, PageHeader } from '../layout/page-header';
import { queryKeys } from '../query-keys';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { KeyValue, KeyValueList } from '../ui/key-value';
import { Spinner } from '../ui/spinner';
import { Toaster } from '../ui/toast';
import { useVolumes, volumeApi, volumesHref } from './use-volumes';
import { RemoveVolumeDialog } from './volume-list';

/** One volume: its facts and users (live), and its files through Wharf's short-lived helper container. */
export function VolumePage({ hostId, name }: { hostId: string; name: string }) {
  const router = useRouter();
  const engines = useEngines();
  const volumes = useVolumes(hostId);
  const [removing, setRemoving] = useState(false);
  const canUploadFiles = useCan('volumes.manage', hostId);
  const canDownloadFiles = useCan('files.read', hostId);
  const hostName = engines.data?.find((e) => e.id === hostId)?.name ?? hostId;
  const v = volumes.data?.find((x) => x.name === name);

  return (
    <PageBody>
      <Toaster />
      <title>{`${name} · Volumes · Wharf`}</title>
      <div className="mb-1 text-xs text-zinc-500">
        <Link href={volumesHref(hostId)} className="hover:text-sky-700 hover:underline">
          Volumes on {hostName}
        </Link>
      </div>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2 font-mono">
            {name}
            {v?.anonymous && <Badge>anonymous</Badge>}
          </span>
        }
        actions={
          v && (
            <Button size="sm" variant="secondary" className="text-red-700 hover:bg-red-50" onClick={() => setRemoving(true)}>
              Remove
            </Button>
          )
        }
      />
      {volumes.isPending ? (
        <p className="flex items-center gap-2 text-zinc-500">
          <Spinner /> Loading…
        </p>
      ) : volumes.error ? (
        <ErrorAlert title="Volumes could not be loaded">{errorMessage(volumes.error)}</ErrorAlert>
      ) : !v ? (
        <ErrorAlert title="No such volume">
          {hostName} has no volume named {name} (any more).
        </ErrorAlert>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
            <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 shadow-xs">
              <KeyValueList className="text-xs">
                <KeyValue label="Driver" mono>
                  {v.driver}
                </KeyValue>
                <KeyValue label="Mountpoint" mono wrap>
                  {v.mountpoint}
                </KeyValue>
                <KeyValue label="Size">{v.size === null ? 'not reported yet' : v.size === 0 ? '0 B' : formatBytes(v.size)}</KeyValue>
                <KeyValue label="Created">{v.created ? formatDateTime(v.created) : '—'}</KeyValue>
                <KeyValue label="Scope">{v.scope}</KeyValue>
                <KeyValue label="Options" mono wrap>
                  {Object.entries(v.options)
                    .map(([k, x]) => `${k}=${x}`)
                    .join(', ') || '—'}
                </KeyValue>
                <KeyValue label="Labels" mono wrap>
                  {Object.entries(v.labels)
                    .map(([k, x]) => `${k}=${x}`)
                    .join(', ') || '—'}
                </KeyValue>
              </KeyValueList>
            </div>
            <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 shadow-xs" data-testid="volume-users">
              <div className="mb-1 text-xs font-medium text-zinc-700">Used by</div>
              {v.usedBy.length === 0 ? (
                <p className="text-xs text-zinc-500">No container mounts it.</p>
              ) : (
                <ul className="space-y-1">
                  {v.usedBy.map((u) => (
                    <li key={u.id} className="flex items-center gap-2 text-xs">
                      <Link
                        href={`/hosts/${encodeURIComponent(hostId)}/containers/${u.id}`}
                        className="font-mono text-sky-700 hover:underline"
                      >
                        {u.name}
                      </Link>
                      <StateBadge state={u.state} />
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <section>
            <h2 className="mb-1 text-sm font-semibold text-zinc-900">Files</h2>
            <p className="mb-2 text-xs text-zinc-500">
              Read and written through a short-lived helper container with the volume mounted, removed after each request.
            </p>
            <FileBrowser
              apiBase={volumeApi(hostId, name)}
              filesKey={(path) => queryKeys.volumes.files(hostId, name, path)}
              canUpload={canUploadFiles}
              canDownload={canDownloadFiles}
            />
          </section>
        </div>
      )}
      {removing && v && (
        <RemoveVolumeDialog
          volume={v}
          hostName={hostName}
          onClose={() => setRemoving(false)}
          onRemoved={() => router.push(volumesHref(hostId))}
        />
      )}
    </PageBody>
  );
}
