import type { Runtime } from '../runtime';
import type { Actor } from './audit';
import { authorize } from './authorize';
import { engineFailure, onlineEngine } from '../engines/access';

export interface ImageOption {
  id: string;
  tags: string[];
  size: number;
  created: string;
}
export interface NamedOption {
  name: string;
  driver: string;
}

/** Local images of a host, for the create form's autocomplete (the images page comes later). */
export async function listImageOptions(rt: Runtime, actor: Actor | null, hostId: string): Promise<ImageOption[]> {
  authorize(actor, 'images.read', hostId);
  const { docker } = onlineEngine(rt, hostId);
  try {
    const images = await docker.listImages();
    return images
      .map((i) => ({
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        size: i.Size,
        created: new Date(i.Created * 1000).toISOString(),
      }))
      .sort((a, b) => (a.tags[0] ?? '~').localeCompare(b.tags[0] ?? '~'));
  } catch (err) {
    throw engineFailure(err, 'Images');
  }
}

export async function listNetworkOptions(rt: Runtime, actor: Actor | null, hostId: string): Promise<NamedOption[]> {
  authorize(actor, 'hosts.read', hostId);
  const { docker } = onlineEngine(rt, hostId);
  try {
    return (await docker.listNetworks()).map((n) => ({ name: n.Name, driver: n.Driver })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    throw engineFailure(err, 'Networks');
  }
}

export async function listVolumeOptions(rt: Runtime, actor: Actor | null, hostId: string): Promise<NamedOption[]> {
  authorize(actor, 'hosts.read', hostId);
  const { docker } = onlineEngine(rt, hostId);
  try {
    const res = (await docker.listVolumes()) as { Volumes?: Array<{ Name: string; Driver: string }> | null };
    return (res.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    throw engineFailure(err, 'Volumes');
  }
}
