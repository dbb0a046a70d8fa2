'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MASKED, type RevealedSecrets } from '@/server/contracts/secrets';
import { api, errorMessage } from '../api';
import { useCan } from '../auth/use-can';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';
import { containerApi } from './use-containers';

const revealedKey = (hostId: string, id: string) => ['revealed-secrets', hostId, id] as const;

/**
 * A container's env and command in clear once its user pressed Reveal (an audited POST), else null.
 * Shared by the overview, the inspect JSON and the edit form; nothing is ever fetched on its own.
 */
export function useRevealed(hostId: string, id: string): RevealedSecrets | null {
  const q = useQuery<RevealedSecrets | null>({
    queryKey: revealedKey(hostId, id),
    queryFn: () => null,
    enabled: false,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  return q.data ?? null;
}

/** The inspect document with the revealed env and command in place of the masked ones. */
export function withRevealed(raw: Record<string, unknown>, r: RevealedSecrets | null): Record<string, unknown> {
  if (!r) return raw;
  const argv = [...r.entrypoint, ...r.cmd];
  return {
    ...raw,
    ...(argv.length ? { Path: argv[0], Args: argv.slice(1) } : {}),
    Config: { ...((raw.Config ?? {}) as Record<string, unknown>), Env: r.env, Cmd: r.cmd, Entrypoint: r.entrypoint },
  };
}

/** Form rows with each value still masked replaced by the revealed one of its variable. */
export function revealInto<R extends { key: string; value: string }>(rows: R[], env: string[]): R[] {
  const clear = new Map(env.map((e) => [e.slice(0, Math.max(0, e.indexOf('='))) || e, e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']));
  return rows.map((r) => (r.value === MASKED && clear.has(r.key) ? { ...r, value: clear.get(r.key)! } : r));
}

/**
 * Reveal / Hide for one container. Only for those who may change it; others read why values are
 * masked. `onRevealed` gets the values (the edit form fills its masked fields with them).
 */
export function RevealButton({ hostId, id, onRevealed }: { hostId: string; id: string; onRevealed?: (r: RevealedSecrets) => void }) {
  const allowed = useCan('containers.manage', hostId);
  const qc = useQueryClient();
  const revealed = useRevealed(hostId, id);
  const reveal = useMutation({
    mutationFn: () => api<RevealedSecrets>(`${containerApi(hostId, id)}/reveal`, { method: 'POST' }),
    onSuccess: (r) => {
      qc.setQueryData(revealedKey(hostId, id), r);
      onRevealed?.(r);
    },
    onError: (err) => toast({ tone: 'error', title: 'Values not revealed', message: errorMessage(err) }),
  });
  if (!allowed)
    return (
      <span className="text-xs text-zinc-500" data-testid="env-withheld">
        Values are not shown to your role
      </span>
    );
  if (revealed && !onRevealed)
    return (
      <Button size="sm" variant="ghost" aria-pressed onClick={() => qc.setQueryData(revealedKey(hostId, id), null)}>
        Hide values
      </Button>
    );
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-pressed={false}
      disabled={reveal.isPending}
      title="Shows the values in clear; recorded in the audit log"
      onClick={() => reveal.mutate()}
    >
      {reveal.isPending ? 'Revealing…' : 'Reveal values'}
    </Button>
  );
}
