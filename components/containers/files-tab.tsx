'use client';

import { useCan } from '../auth/use-can';
import { FileBrowser } from '../files/file-browser';
import { queryKeys } from '../query-keys';
import { containerApi } from './use-containers';

/** A container's files: the shared browser over the container's files API. */
export function FilesTab({ hostId, id }: { hostId: string; id: string }) {
  const canUpload = useCan('containers.manage', hostId);
  const canDownload = useCan('files.read', hostId);
  return (
    <FileBrowser
      apiBase={containerApi(hostId, id)}
      filesKey={(path) => queryKeys.containers.files(hostId, id, path)}
      canUpload={canUpload}
      canDownload={canDownload}
    />
  );
}
