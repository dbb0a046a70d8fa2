import { describe, expect, it } from 'vitest';
import type { ContainerSummary, PortMapping } from '@/server/contracts/containers';
import { matchesPortQuery, publishedPorts } from '@/server/contracts/ports';

const c = (
  id: string,
  hostId: string,
  state: ContainerSummary['state'],
  ports: PortMapping[],
  bindings?: PortMapping[],
): ContainerSummary => ({
  id,
  hostId,
  name: `c-${id}`,
  image: 'x',
  imageId: 'sha256:x',
  command: '',
  created: '2026-01-01T00:00:00Z',
  state,
  status: state,
  exitCode: null,
  startedAt: null,
  finishedAt: null,
  health: null,
  ports,
  ...(bindings ? { bindings } : {}),
  labels: {},
  composeProject: null,
});
const p = (hostIp: string | null, hostPort: number | null, containerPort = 80): PortMapping => ({
  hostIp,
  hostPort,
  containerPort,
  protocol: 'tcp',
});

describe('published ports', () => {
  it('one row for a binding on 0.0.0.0 and ::, none for unpublished ports, no flag when alone', () => {
    const rows = publishedPorts([c('a', 'h1', 'running', [p('0.0.0.0', 8080), p('::', 8080), p(null, null, 443)])]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hostIps: ['0.0.0.0', '::'], allInterfaces: true, hostPort: 8080, flags: [], active: true });
  });

  it('flags the same port on all interfaces next to 127.0.0.1, and a stopped container asking for a taken port', () => {
    const rows = publishedPorts([
      c('a', 'h1', 'running', [p('127.0.0.1', 8080)]),
      c('b', 'h1', 'exited', [], [p(null, 8080)]),
      // Another host: the same number is no conflict.
      c('d', 'h2', 'running', [p('0.0.0.0', 8080)]),
    ]);
    const [a, b, d] = ['c-a', 'c-b', 'c-d'].map((n) => rows.find((r) => r.containerName === n)!);
    expect(a!.flags).toEqual(['bound-twice', 'all-and-specific']);
    expect(a!.conflictsWith).toEqual(['c-b']);
    expect(b).toMatchObject({ active: false, allInterfaces: true, flags: ['bound-twice', 'all-and-specific'] });
    expect(d!.flags).toEqual([]);
  });

  it('two specific addresses for the same port do not clash; the same one does', () => {
    const apart = publishedPorts([c('a', 'h', 'running', [p('127.0.0.1', 53)]), c('b', 'h', 'running', [p('10.0.0.5', 53)])]);
    expect(apart.every((r) => r.flags.length === 0)).toBe(true);
    const same = publishedPorts([c('a', 'h', 'running', [p('127.0.0.1', 53)]), c('b', 'h', 'created', [], [p('127.0.0.1', 53)])]);
    expect(same.map((r) => r.flags)).toEqual([['bound-twice'], ['bound-twice']]);
  });

  it('a number finds the host or container port; words find names', () => {
    const [row] = publishedPorts([c('a', 'h', 'running', [p('0.0.0.0', 8080, 80)])]);
    expect(matchesPortQuery(row!, '8080', 'main')).toBe(true);
    expect(matchesPortQuery(row!, ':80', 'main')).toBe(true);
    expect(matchesPortQuery(row!, '808', 'main')).toBe(false);
    expect(matchesPortQuery(row!, 'c-a', 'main')).toBe(true);
    expect(matchesPortQuery(row!, 'MAIN', 'main')).toBe(true);
  });
});
