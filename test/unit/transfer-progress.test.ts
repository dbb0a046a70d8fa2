import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LayerPhase, TransferProgress } from '@/server/contracts/images';
import {
  classifyStatus,
  followTransfer,
  TransferAggregator,
  TransferError,
  type TransferKind,
  type TransferLine,
} from '@/server/engines/pull';

// classic-*.jsonl were recorded from the rig's dockerd 20.10 (a pull of wharf-test/img-c-big, a push of
// it to the htpasswd registry). containerd-*.jsonl follow the words and shapes of moby's containerd
// image store (daemon/containerd/progress.go: "Pulling layer fs", extraction counted in seconds,
// "Mounted from", "Layer already exists"); other-engine-pull.jsonl is an engine with its own words and
// ids that are not 12 hex digits.
const fixture = (name: string): TransferLine[] =>
  fs
    .readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'transfer', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TransferLine);

/** Feeds a recording line by line and keeps every picture along the way. */
function replay(name: string, kind: TransferKind, image = 'x') {
  const agg = new TransferAggregator(image, kind);
  const pictures: TransferProgress[] = [];
  for (const line of fixture(name)) {
    agg.push(line);
    pictures.push(agg.snapshot());
  }
  return { agg, pictures, last: pictures.at(-1)! };
}

const phasesSeen = (pictures: TransferProgress[], id: string): LayerPhase[] => {
  const out: LayerPhase[] = [];
  for (const p of pictures) {
    const ph = p.layers.find((l) => l.id === id)?.phase;
    if (ph && out.at(-1) !== ph) out.push(ph);
  }
  return out;
};

/** The total bar never goes back while the set of layers stays the same. */
function expectMonotonic(pictures: TransferProgress[]) {
  pictures.forEach((p, i) => {
    const prev = pictures[i - 1];
    if (prev && prev.layers.length === p.layers.length) expect(p.fraction ?? 0, `step ${i}`).toBeGreaterThanOrEqual(prev.fraction ?? 0);
  });
}

describe('classifyStatus', () => {
  it('sorts the words of every engine into phases, and keeps unknown ones as other', () => {
    const table: Array<[string, LayerPhase]> = [
      ['Pulling fs layer', 'waiting'],
      ['Waiting', 'waiting'],
      ['Downloading', 'downloading'],
      ['Pulling layer fs', 'downloading'],
      ['Verifying Checksum', 'verifying'],
      ['Download complete', 'downloaded'],
      ['Extracting', 'extracting'],
      ['Pull complete', 'complete'],
      ['Already exists', 'exists'],
      ['Preparing', 'preparing'],
      ['Pushing', 'pushing'],
      ['Pushed', 'pushed'],
      ['Layer already exists', 'exists'],
      ['Mounted from library/busybox', 'exists'],
      ['Retrying in 5 seconds', 'other'],
      ['Unavailable', 'other'],
    ];
    for (const [words, phase] of table) expect(classifyStatus(words), words).toBe(phase);
  });
});

describe('a classic engine (recorded)', () => {
  it('pull: one entry per layer through waiting, downloading with bytes, verifying, extracting to complete; the base already exists', () => {
    const { agg, pictures, last } = replay('classic-pull.jsonl', 'pull', '127.0.0.1:5000/wharf-test/img-c-big:1');
    expect(last.image).toBe('127.0.0.1:5000/wharf-test/img-c-big:1');
    expect(last.layers.map((l) => l.phase)).toEqual(['exists', 'complete', 'complete', 'complete', 'complete']);
    expect(last.fraction).toBe(1);
    expect(last.status).toBe('Status: Downloaded newer image for 127.0.0.1:5000/wharf-test/img-c-big:1');
    expect(agg.digest).toBe('sha256:6342d83373a10191f5e1a32572c733aded3d8470ad64a259084c9ea1a7ac974e');
    expect(agg.upToDate).toBe(false);
    // "Pulling from" carries the tag as its id: it is about the whole pull, not a layer.
    expect(last.layers.some((l) => l.id === '1')).toBe(false);
    const big = last.layers.find((l) => l.total === 40012397)!;
    expect(big.current).toBe(big.total);
    const path = phasesSeen(pictures, big.id);
    expect(path[0]).toBe('waiting');
    expect(path).toContain('downloading');
    expect(path).toContain('extracting');
    expect(path.at(-1)).toBe('complete');
    // Part-way through, a layer shows its bytes.
    expect(pictures.some((p) => p.layers.some((l) => l.phase === 'downloading' && l.current > 0 && l.current < l.total))).toBe(true);
    expect(pictures.some((p) => p.fraction !== null && p.fraction > 0.1 && p.fraction < 0.9)).toBe(true);
    expectMonotonic(pictures);
    expect(last.layers.every((l) => l.status.length > 0)).toBe(true);
  });

  it('push: preparing, then pushing with bytes, pushed or mounted; the digest from the aux line', () => {
    const { agg, pictures, last } = replay('classic-push.jsonl', 'push');
    expect(last.layers).toHaveLength(5);
    expect(last.layers.map((l) => l.phase).sort()).toEqual(['exists', 'pushed', 'pushed', 'pushed', 'pushed']);
    expect(last.layers.find((l) => l.phase === 'exists')!.status).toBe('Mounted from wharf-test/busybox');
    expect(last.fraction).toBe(1);
    expect(last.status).toMatch(/^p3: digest: sha256:6342d8/);
    expect(agg.digest).toBe('sha256:6342d83373a10191f5e1a32572c733aded3d8470ad64a259084c9ea1a7ac974e');
    expect(pictures.some((p) => p.layers.some((l) => l.phase === 'pushing' && l.current > 0 && l.current < l.total))).toBe(true);
    expect(phasesSeen(pictures, last.layers[0]!.id)[0]).toBe('preparing');
    // The engine counts compressed bytes against the uncompressed size: never past 100 %.
    expect(pictures.every((p) => p.layers.every((l) => l.current <= l.total || l.total === 0))).toBe(true);
    expectMonotonic(pictures);
  });
});

describe('a containerd image store', () => {
  it('pull: "Pulling layer fs" counts bytes, extraction counted in seconds is not taken for bytes', () => {
    const { pictures, last } = replay('containerd-pull.jsonl', 'pull');
    expect(last.layers.map((l) => [l.id, l.phase])).toEqual([
      ['50d1d69d1cbe', 'exists'],
      ['8d0b3f0f2a11', 'complete'],
      ['c0f3a9de4b52', 'complete'],
    ]);
    expect(phasesSeen(pictures, '8d0b3f0f2a11')).toEqual(['waiting', 'downloading', 'downloaded', 'extracting', 'complete']);
    const extracting = pictures.map((p) => p.layers.find((l) => l.id === '8d0b3f0f2a11')).find((l) => l?.phase === 'extracting');
    expect(extracting).toMatchObject({ current: 40009779, total: 40009779, status: 'Extracting' });
    expect(last.fraction).toBe(1);
    expectMonotonic(pictures);
  });

  it('push: waiting, pushing, pushed, already there or mounted', () => {
    const { agg, last, pictures } = replay('containerd-push.jsonl', 'push');
    expect(Object.fromEntries(last.layers.map((l) => [l.id, l.phase]))).toEqual({
      '8d0b3f0f2a11': 'pushed',
      c0f3a9de4b52: 'exists',
      '50d1d69d1cbe': 'exists',
    });
    expect(agg.digest).toMatch(/^sha256:6342d8/);
    expect(phasesSeen(pictures, '8d0b3f0f2a11')).toEqual(['waiting', 'pushing', 'pushed']);
    expectMonotonic(pictures);
  });
});

describe('an engine with its own words and ids', () => {
  it('keeps its ids and words, sorts what it can, and an unknown line keeps the progress reached', () => {
    const { pictures, last } = replay('other-engine-pull.jsonl', 'pull');
    const digestId = 'sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1';
    expect(last.layers.map((l) => l.id)).toEqual([digestId, 'layer-2']);
    expect(last.layers.map((l) => l.phase)).toEqual(['exists', 'complete']);
    expect(last.status).toBe('Writing manifest to image destination');
    const retrying = pictures.map((p) => p.layers.find((l) => l.id === 'layer-2')).find((l) => l?.status === 'Retrying in 5 seconds')!;
    // "Retrying" is not a phase Wharf knows: the layer stays where it was, with the engine's words.
    expect(retrying).toMatchObject({ phase: 'downloading', current: 5000, total: 10000 });
    const unpacking = pictures.map((p) => p.layers.find((l) => l.id === 'layer-2')).find((l) => l?.status === 'Unpacking')!;
    expect(unpacking.phase).toBe('downloading');
    expectMonotonic(pictures);
  });
});

describe('followTransfer', () => {
  const stream = (lines: object[], splitAt = 7) => {
    const text = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
    // Cut mid-line: the stream's chunks never follow line ends.
    return Readable.from([text.slice(0, splitAt), text.slice(splitAt)].map((s) => Buffer.from(s)));
  };

  it('a registry error mid-stream (after HTTP 200) rejects with its words', async () => {
    const agg = new TransferAggregator('a:1');
    const lines = [
      ...fixture('classic-pull.jsonl').slice(0, 6),
      { errorDetail: { message: 'unauthorized: authentication required' }, error: 'unauthorized: authentication required' },
    ];
    await expect(followTransfer(stream(lines), agg)).rejects.toThrow(new TransferError('unauthorized: authentication required'));
    expect(agg.snapshot().layers.length).toBeGreaterThan(0);
  });

  it('resolves at the end with the last picture reported', async () => {
    const agg = new TransferAggregator('a:1');
    const seen: TransferProgress[] = [];
    await followTransfer(stream(fixture('classic-pull.jsonl')), agg, (p) => seen.push(p));
    expect(seen.at(-1)!.fraction).toBe(1);
  });

  it('cancelling destroys the engine stream and rejects', async () => {
    const agg = new TransferAggregator('a:1');
    const s = new Readable({ read() {} });
    const ac = new AbortController();
    const p = followTransfer(s, agg, undefined, ac.signal);
    s.push(Buffer.from('{"status":"Pulling fs layer","id":"l1"}\n'));
    await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await expect(p).rejects.toThrow('Cancelled');
    expect(s.destroyed).toBe(true);
  });
});
