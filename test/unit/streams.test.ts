import { describe, expect, it } from 'vitest';
import { findPortConflicts } from '@/server/contracts/container-create';
import { Demuxer, LineSplitter, parseLogs, toStatsSample } from '@/server/engines/streams';
import { withDefaultTag } from '@/server/engines/pull';
import { toCreateBody } from '@/server/services/container-create';
import { createContainerSchema } from '@/server/contracts/container-create';

const frame = (stream: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
};

describe('Demuxer', () => {
  it('splits frames, even when a frame is cut across chunks', () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]);
    const d = new Demuxer();
    const a = d.push(all.subarray(0, 5));
    const b = d.push(all.subarray(5, 14));
    const c = d.push(all.subarray(14));
    expect(a).toEqual([]);
    expect([...b, ...c].map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
  });
});

describe('log lines', () => {
  it('keeps stdout and stderr apart and peels the timestamp', () => {
    const body = Buffer.concat([frame(1, '2026-01-01T00:00:00.123456789Z hello\n'), frame(2, '2026-01-01T00:00:01Z oops\n')]);
    expect(parseLogs(body, false)).toEqual([
      { stream: 'stdout', ts: '2026-01-01T00:00:00.123456789Z', text: 'hello' },
      { stream: 'stderr', ts: '2026-01-01T00:00:01Z', text: 'oops' },
    ]);
  });
  it('reads a TTY log as one stream and joins partial lines', () => {
    const s = new LineSplitter();
    expect(s.push('stdout', 'par')).toEqual([]);
    expect(s.push('stdout', 'tial\r\nnext')).toEqual([{ stream: 'stdout', ts: null, text: 'partial' }]);
    expect(s.flush()).toEqual([{ stream: 'stdout', ts: null, text: 'next' }]);
    expect(parseLogs(Buffer.from('a\nb\n'), true).map((l) => l.text)).toEqual(['a', 'b']);
  });
});

describe('toStatsSample', () => {
  it('computes CPU % like the docker CLI and memory without page cache', () => {
    const s = toStatsSample(
      {
        cpu_stats: { cpu_usage: { total_usage: 2_000_000 }, system_cpu_usage: 20_000_000, online_cpus: 2 },
        precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000 },
        memory_stats: { usage: 100, limit: 1000, stats: { total_inactive_file: 30 } },
        networks: { eth0: { rx_bytes: 5, tx_bytes: 7 }, eth1: { rx_bytes: 1, tx_bytes: 1 } },
        blkio_stats: {
          io_service_bytes_recursive: [
            { op: 'Read', value: 11 },
            { op: 'Write', value: 13 },
          ],
        },
        pids_stats: { current: 4 },
      },
      42,
    );
    expect(s).toEqual({
      t: 42,
      cpuPercent: 20,
      memoryUsed: 70,
      memoryLimit: 1000,
      netRx: 6,
      netTx: 8,
      blockRead: 11,
      blockWrite: 13,
      pids: 4,
    });
  });
  it('does not divide by zero on the first frame', () => {
    expect(toStatsSample({}).cpuPercent).toBe(0);
  });
});

describe('pull progress', () => {
  it('adds the default tag only when there is none', () => {
    expect(withDefaultTag('busybox')).toBe('busybox:latest');
    expect(withDefaultTag('127.0.0.1:5000/team/app')).toBe('127.0.0.1:5000/team/app:latest');
    expect(withDefaultTag('127.0.0.1:5000/team/app:1.2')).toBe('127.0.0.1:5000/team/app:1.2');
    expect(withDefaultTag('app@sha256:abc')).toBe('app@sha256:abc');
  });
});

describe('create form', () => {
  it('finds host-port conflicts with running containers and within the form', () => {
    const used = [{ hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp', usedBy: 'web' }];
    expect(
      findPortConflicts([{ hostPort: 8080 }, { hostPort: 8080, protocol: 'udp' }, { hostPort: 9000 }, { hostPort: 9000 }], used),
    ).toEqual([
      { index: 0, hostPort: 8080, protocol: 'tcp', usedBy: 'web' },
      { index: 3, hostPort: 9000, protocol: 'tcp', usedBy: 'row 3 of this form' },
    ]);
  });
  it('turns the form into the engine body like docker run would', () => {
    const spec = createContainerSchema.parse({
      image: 'web:1',
      name: 'site',
      env: [{ key: 'A', value: 'b=c' }],
      ports: [
        { hostPort: '8080', containerPort: 80 },
        { containerPort: 53, protocol: 'udp' },
      ],
      volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
      restartPolicy: 'on-failure',
      maxRetries: 3,
      memoryMb: 128,
      cpus: 0.5,
      init: true,
    });
    const body = toCreateBody(spec);
    expect(body).toMatchObject({
      name: 'site',
      Image: 'web:1',
      Env: ['A=b=c'],
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '', HostPort: '' }] },
        Binds: ['data:/data:ro'],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Memory: 128 * 1024 * 1024,
        NanoCpus: 500_000_000,
        Init: true,
      },
    });
    expect(body.Cmd).toBeUndefined();
  });
  it('rejects what docker would reject, in words', () => {
    const r = createContainerSchema.safeParse({
      image: 'web',
      volumes: [{ type: 'bind', source: 'relative', target: '/x' }],
      ports: [{ containerPort: 70000 }],
    });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => i.message);
    expect(msgs).toContain('A bind mount source must be an absolute host path');
    expect(msgs).toContain('Container port must be between 1 and 65535');
  });
});
