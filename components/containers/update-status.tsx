'use client';

import { useState } from 'react';
import type { ContainerUpdate, UpdateSettings } from '@/server/contracts/updates';
import { api, errorMessage } from '../api';
import { formatAgo, formatDateTime } from '../format';
import { useLiveQuery } from '../realtime/use-live';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { toast } from '../ui/toast';
import { useCan } from '../auth/use-can';

// "Update available": the badge a running container shows when its tag names a newer digest in its
// registry, the one-click Update, "Check now", and the "Check for updates" of the list toolbar.

/** The live answer for one container (the `updates` view, shared by every row). */
export function useContainerUpdate(hostId: string, id: string): ContainerUpdate | undefined {
  const q = useLiveQuery<ContainerUpdate[]>({ kind: 'updates' });
  return q.data?.find((u) => u.hostId === hostId && u.containerId === id);
}

const short = (d: string | null) => (d ? d.replace(/^sha256:/, '').slice(0, 12) : '—');

function tooltip(u: ContainerUpdate, now: number): string {
  return [
    u.reference,
    `local:    ${u.localDigests.map(short).join(', ') || '—'}`,
    `registry: ${short(u.remoteDigest)}`,
    u.checkedAt ? `checked ${formatAgo(u.checkedAt, now)} (${formatDateTime(u.checkedAt)})` : 'not checked yet',
    u.reason ? `last check: ${u.reason}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

async function startUpdate(hostId: string, id: string, name: string): Promise<void> {
  try {
    await api(`/api/hosts/${encodeURIComponent(hostId)}/containers/${encodeURIComponent(id)}/update`, { method: 'POST' });
    toast({
      tone: 'success',
      title: `Updating ${name}`,
      message: 'Pull, then recreate with the same settings: progress in the activity tray.',
    });
  } catch (err) {
    toast({ tone: 'error', title: `Could not update ${name}`, message: errorMessage(err) });
    throw err;
  }
}

/**
 * The badge and its Update button. `compact` (a list row) shows only what needs attention; the
 * container page also says "up to date" and offers "Check now".
 */
export function UpdateStatus({ hostId, id, name, compact = false }: { hostId: string; id: string; name: string; compact?: boolean }) {
  const u = useContainerUpdate(hostId, id);
  const [busy, setBusy] = useState<'update' | 'check' | null>(null);
  const canManage = useCan('containers.manage', hostId);
  if (!u || u.state === 'not-registry') return null;
  const now = Date.now();
  const title = tooltip(u, now);

  const update = () => {
    setBusy('update');
    startUpdate(hostId, id, name).catch(() => setBusy(null));
  };
  const check = async () => {
    setBusy('check');
    try {
      await api(`/api/hosts/${encodeURIComponent(hostId)}/containers/${encodeURIComponent(id)}/update-check`, { method: 'POST' });
    } catch (err) {
      toast({ tone: 'error', title: `Could not check ${name}`, message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  // A list row has little room beside the image name: the badge is itself the Update button.
  if (compact && u.state === 'update-available' && canManage)
    return (
      <button
        type="button"
        className="ml-1.5 inline-flex shrink-0 items-center gap-1 rounded-full bg-amber-50 px-1.5 font-sans text-[11px] leading-4 font-medium text-amber-800 ring-1 ring-amber-600/30 ring-inset hover:bg-amber-100 disabled:opacity-60"
        title={`${title}\n\nClick to update: pull, then recreate with the same settings`}
        aria-label={`Update ${name}: a newer image is in the registry`}
        data-testid="update-badge"
        data-state={u.state}
        disabled={busy !== null}
        onClick={update}
      >
        <svg viewBox="0 0 12 12" className="size-2.5" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6">
          <path d="M6 10V2.5M3 5.5 6 2.5l3 3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {busy === 'update' ? 'updating…' : 'update'}
      </button>
    );
  let badge: React.ReactNode = null;
  if (u.state === 'update-available')
    badge = (
      <Badge tone="amber" dot data-testid="update-badge" data-state={u.state}>
        update available
      </Badge>
    );
  else if (u.state === 'tag-missing')
    badge = (
      <Badge tone="zinc" data-testid="update-badge" data-state={u.state}>
        {compact ? 'tag gone' : 'tag no longer in registry'}
      </Badge>
    );
  else if (u.state === 'error')
    badge = (
      <span className="text-[11px] text-zinc-400 italic" data-testid="update-badge" data-state={u.state}>
        update check failed
      </span>
    );
  else if (!compact)
    badge = (
      <span className="text-[11px] text-zinc-400" data-testid="update-badge" data-state={u.state}>
        {u.state === 'up-to-date'
          ? `image up to date${u.checkedAt ? ` · checked ${formatAgo(u.checkedAt, now)}` : ''}`
          : 'updates not checked yet'}
      </span>
    );
  if (!badge && compact) return null;

  return (
    <span className={cn('inline-flex shrink-0 items-center gap-1.5', compact && 'ml-1.5')} title={title} data-testid="update-status">
      {badge}
      {u.state === 'update-available' && canManage && (
        <Button size="sm" variant="primary" pending={busy === 'update'} disabled={busy !== null} onClick={update}>
          Update
        </Button>
      )}
      {!compact && canManage && (
        <Button
          size="sm"
          variant="ghost"
          className="h-5! px-1.5! text-[11px]!"
          pending={busy === 'check'}
          disabled={busy !== null}
          onClick={check}
        >
          Check now
        </Button>
      )}
    </span>
  );
}

/** The list toolbar's "Check for updates" (every running container; an operation in the tray) and the interval. */
export function CheckUpdatesButton() {
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<UpdateSettings | null>(null);
  const [minutes, setMinutes] = useState('');
  const checkAll = async () => {
    setBusy(true);
    try {
      await api('/api/updates/check', { method: 'POST' });
      toast({ tone: 'success', title: 'Checking for updates', message: 'Progress and the result are in the activity tray.' });
    } catch (err) {
      toast({ tone: 'error', title: 'Could not check for updates', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const openSettings = async () => {
    try {
      const s = await api<UpdateSettings>('/api/updates/settings');
      setEditing(s);
      setMinutes(String(s.intervalMinutes));
    } catch (err) {
      toast({ tone: 'error', title: 'Could not read the interval', message: errorMessage(err) });
    }
  };
  const save = async () => {
    try {
      const s = await api<UpdateSettings>('/api/updates/settings', { method: 'PUT', body: { intervalMinutes: Number(minutes) } });
      toast({ tone: 'success', title: `Updates are checked every ${s.intervalMinutes} minutes` });
      setEditing(null);
    } catch (err) {
      toast({ tone: 'error', title: 'Interval not saved', message: errorMessage(err) });
    }
  };
  return (
    <span className="relative inline-flex items-center">
      <Button onClick={checkAll} pending={busy} className="rounded-r-none" data-testid="check-updates">
        Check for updates
      </Button>
      <Button
        aria-label="Update check interval"
        title="How often updates are checked"
        className="-ml-px rounded-l-none px-2!"
        onClick={() => (editing ? setEditing(null) : void openSettings())}
      >
        <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5">
          <circle cx="8" cy="8" r="5.5" />
          <path d="M8 5v3l2 1.5" strokeLinecap="round" />
        </svg>
      </Button>
      {editing && (
        <form
          className="absolute top-full right-0 z-20 mt-1 w-64 space-y-2 rounded-md border border-zinc-200 bg-white p-3 text-xs shadow-lg"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="block font-medium text-zinc-800" htmlFor="update-interval">
            Check for updates every
          </label>
          <div className="flex items-center gap-2">
            <input
              id="update-interval"
              type="number"
              min={5}
              max={10080}
              value={minutes}
              disabled={editing.fromEnv}
              onChange={(e) => setMinutes(e.target.value)}
              className="h-7 w-24 rounded border border-zinc-300 px-2 tabular-nums"
            />
            <span className="text-zinc-500">minutes</span>
          </div>
          <p className="text-zinc-500">
            {editing.fromEnv
              ? 'Fixed by WHARF_UPDATE_INTERVAL_MINUTES on the server.'
              : 'Each image reference is asked at most once per interval; "Check now" on a container asks at once.'}
          </p>
          {!editing.fromEnv && (
            <div className="flex justify-end gap-1.5">
              <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button size="sm" variant="primary" type="submit">
                Save
              </Button>
            </div>
          )}
        </form>
      )}
    </span>
  );
}
