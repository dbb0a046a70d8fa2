import { spawn } from 'node:child_process';
import { docker, type Rig } from './rig';

// An image of ~100 MB of random data in the rig's open registry, for pulls worth watching (and
// cancelling, and timing). Built from the seed busybox, labelled wharf.test=img-c, pushed once; the
// registry copy stays between runs, the engine's copy is removed so a pull really downloads.

export const BIG_LABEL = 'wharf.test=img-c';
export const BIG_REPO = 'wharf-test/img-c-big';
export const BIG_TAG = '1';

const DOCKERFILE = [
  'FROM wharf-test/busybox:latest',
  'RUN head -c 40000000 /dev/urandom > /blob-a',
  'RUN head -c 40000000 /dev/urandom > /blob-b',
  'RUN head -c 20000000 /dev/urandom > /blob-c',
  'RUN echo img-c > /note',
  '',
].join('\n');

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

export interface BigImage {
  /** `127.0.0.1:5000/wharf-test/img-c-big:1` */
  ref: string;
  /** `127.0.0.1:5000/wharf-test/img-c-big@sha256:…` */
  digestRef: string;
  digest: string;
  /** Bytes a pull downloads (the layers' compressed sizes, without the base layer the engine has). */
  bytes: number;
}

async function manifest(registry: string): Promise<{ digest: string; layers: Array<{ size: number }> } | null> {
  const res = await fetch(`http://${registry}/v2/${BIG_REPO}/manifests/${BIG_TAG}`, { headers: { accept: MANIFEST_V2 } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`registry ${registry} answered ${res.status} for ${BIG_REPO}:${BIG_TAG}`);
  const body = (await res.json()) as { layers: Array<{ size: number }> };
  return { digest: res.headers.get('docker-content-digest')!, layers: body.layers };
}

function build(socket: string, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('docker', ['-H', `unix://${socket}`, 'build', '-q', '--label', BIG_LABEL, '-t', tag, '-'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker build failed (${code}): ${err}`))));
    p.stdin.end(DOCKERFILE);
  });
}

/** Makes sure the registry has the big image and the engine does not; answers its references and size. */
export async function ensureBigImage(rig: Rig, socket = rig.MAIN_SOCKET): Promise<BigImage> {
  const ref = `${rig.REGISTRY_URL}/${BIG_REPO}:${BIG_TAG}`;
  let m = await manifest(rig.REGISTRY_URL);
  if (!m) {
    await build(socket, ref);
    await docker(socket, 'push', '-q', ref);
    m = await manifest(rig.REGISTRY_URL);
    if (!m) throw new Error(`${ref} is not in the registry after a push`);
  }
  await removeBigImage(rig, socket);
  // The bottom layer is the seed's: the engine has it, a pull says "Already exists".
  const bytes = m.layers.slice(1).reduce((a, l) => a + l.size, 0);
  return { ref, digestRef: `${rig.REGISTRY_URL}/${BIG_REPO}@${m.digest}`, digest: m.digest, bytes };
}

/** Removes every image labelled as the big image's (tags, digests, dangling leftovers) from one engine. */
export async function removeBigImage(rig: Rig, socket = rig.MAIN_SOCKET): Promise<void> {
  const ids = (await docker(socket, 'images', '-a', '-q', '--no-trunc', '--filter', `label=${BIG_LABEL}`)).split('\n').filter(Boolean);
  if (ids.length) await docker(socket, 'rmi', '-f', ...new Set(ids)).catch(() => undefined);
}
