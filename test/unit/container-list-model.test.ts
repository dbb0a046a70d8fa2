import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '@/server/contracts/containers';
import {
  compareRows,
  countByState,
  defaultSort,
  emptyText,
  nextSort,
  passesFilters,
  type Row,
} from '@/components/containers/list/list-model';

function container(over: Partial<ContainerSummary>): ContainerSummary {
  return {
    id: 'a'.repeat(64),
    hostId: 'h1',
    name: 'web',
    image: 'nginx:1.27',
    imageId: 'sha256:x',
    command: '',
    created: '2026-01-01T00:00:00Z',
    state: 'running',
    status: 'Up',
    exitCode: null,
    startedAt: null,
    finishedAt: null,
    health: null,
    ports: [],
    labels: {},
    composeProject: null,
    ...over,
  };
}
const live = (c: ContainerSummary, hostName = 'local'): Row => ({ kind: 'live', key: `${c.hostId}/${c.id}`, c, hostName });

describe('container list model', () => {
  it('sorts names numerically and breaks ties by name', () => {
    const rows = ['web-10', 'web-2', 'web-1'].map((name) => live(container({ name })));
    expect(rows.sort((a, b) => compareRows(a, b, 'name')).map((r) => (r.kind === 'live' ? r.c.name : ''))).toEqual([
      'web-1',
      'web-2',
      'web-10',
    ]);
    const byState = [
      container({ name: 'b', state: 'exited' }),
      container({ name: 'a', state: 'exited' }),
      container({ name: 'c', state: 'running' }),
    ].map((c) => live(c));
    expect(byState.sort((a, b) => compareRows(a, b, 'state')).map((r) => (r.kind === 'live' ? r.c.name : ''))).toEqual(['c', 'a', 'b']);
  });

  it('a header click flips the same column and starts a new one ascending (dates newest first)', () => {
    expect(defaultSort(false)).toEqual({ key: 'name', dir: 1 });
    expect(defaultSort(true)).toEqual({ key: 'created', dir: -1 });
    expect(nextSort({ key: 'name', dir: 1 }, 'name')).toEqual({ key: 'name', dir: -1 });
    expect(nextSort({ key: 'name', dir: 1 }, 'image')).toEqual({ key: 'image', dir: 1 });
    expect(nextSort({ key: 'name', dir: 1 }, 'created')).toEqual({ key: 'created', dir: -1 });
  });

  it('filters by host, name or id prefix, image, label and compose project', () => {
    const c = container({ name: 'Web-Front', image: 'registry:5000/team/app:1.2', labels: { tier: 'front' }, composeProject: 'shop' });
    const none = { host: '', q: '', image: '', label: '', project: '' };
    expect(passesFilters(c, none)).toBe(true);
    expect(passesFilters(c, { ...none, q: 'front' })).toBe(true);
    expect(passesFilters(c, { ...none, q: 'aaaa' })).toBe(true);
    expect(passesFilters(c, { ...none, q: 'back' })).toBe(false);
    expect(passesFilters(c, { ...none, host: 'h2' })).toBe(false);
    expect(passesFilters(c, { ...none, image: 'team/app' })).toBe(true);
    expect(passesFilters(c, { ...none, label: 'tier=front' })).toBe(true);
    expect(passesFilters(c, { ...none, label: 'tier=back' })).toBe(false);
    expect(passesFilters(c, { ...none, project: 'other' })).toBe(false);
  });

  it('counts by state and words the empty table', () => {
    const counts = countByState([container({ state: 'running' }), container({ state: 'running' }), container({ state: 'exited' })]);
    expect(Object.fromEntries(counts)).toEqual({ running: 2, exited: 1 });
    expect(emptyText(false, 'all', false, true)).toBe('There are no containers on any host yet.');
    expect(emptyText(false, 'paused', true, false)).toBe('No paused containers match these filters.');
    expect(emptyText(false, 'all', true, false)).toBe('No containers match these filters.');
    expect(emptyText(true, 'deleted', false, false)).toBe('No containers have been deleted since Wharf started watching.');
  });
});
