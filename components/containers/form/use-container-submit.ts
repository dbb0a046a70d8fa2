'use client';

import type { RecreateStep, RecreateStepEvent } from '@/server/contracts/container-create';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { CreateContainerInput, CreateResult, PortConflict, PullProgress } from '@/server/contracts/container-create';
import { ackError, ApiRequestError, errorMessage, fieldErrors } from '../../api';
import { queryKeys } from '../../query-keys';
import type { WharfClientSocket } from '../../realtime/realtime-provider';
import { toast } from '../../ui/toast';
import { specFromValues, type FormValues } from '../container-form-model';
import { containerHref } from '../container-model';

export type FormMode = { kind: 'create' } | { kind: 'edit'; hostId: string; id: string; name: string };

/** Shown when create or recreate is asked for while the socket is down: they go over the socket only. */
export const NOT_CONNECTED = 'Not connected to the Wharf server; try again when the connection is back';

const newOpId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `op-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** How far each step of a recreate got (a step not yet reported is absent). */
export type RecreateSteps = Partial<Record<RecreateStep, RecreateStepEvent['state']>>;

/** Sends create (or recreate) over the socket and answers with the result, or throws the ack's error as an HTTP route would. */
function emitCreate(
  socket: WharfClientSocket,
  mode: FormMode,
  hostId: string,
  opId: string,
  spec: CreateContainerInput,
  stopTimeoutS: number | undefined,
): Promise<CreateResult> {
  return new Promise<CreateResult>((resolve, reject) => {
    const ack = (
      reply: { ok: true; data: CreateResult } | { ok: false; code: string; message: string; fields?: Record<string, string> },
    ) => (reply.ok ? resolve(reply.data) : reject(ackError(reply)));
    if (mode.kind === 'edit') socket.emit('container.recreate', { hostId, id: mode.id, opId, spec, stopTimeoutS }, ack);
    else socket.emit('container.create', { hostId, opId, spec }, ack);
  });
}

/**
 * Submitting the form: checks it, sends it over the socket with an operation id so the pull
 * progress of this very create can be followed, then opens the new container. Errors come back
 * as a message and per-field messages.
 */
export function useContainerSubmit({
  mode,
  socket,
  connected,
  hostId,
  values,
  conflicts,
  setServerFields,
  stopTimeoutS,
}: {
  mode: FormMode;
  socket: WharfClientSocket | null;
  connected: boolean;
  hostId: string;
  values: FormValues;
  conflicts: PortConflict[];
  setServerFields: (f: Record<string, string>) => void;
  /** Edit & recreate: seconds the old container gets to stop. */
  stopTimeoutS?: number;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const [submitted, setSubmitted] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'create' | 'start'>(null);
  const [progress, setProgress] = useState<PullProgress | null>(null);
  const [steps, setSteps] = useState<RecreateSteps>({});
  const opRef = useRef<string | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onProgress = (p: { opId: string; progress: PullProgress }) => {
      if (p.opId === opRef.current) setProgress(p.progress);
    };
    const onStep = (e: RecreateStepEvent) => {
      if (e.opId === opRef.current) setSteps((s) => ({ ...s, [e.step]: e.state }));
    };
    socket.on('pull.progress', onProgress);
    socket.on('recreate.step', onStep);
    return () => {
      socket.off('pull.progress', onProgress);
      socket.off('recreate.step', onStep);
    };
  }, [socket]);

  const submit = async (start: boolean) => {
    setSubmitted(true);
    setSubmitError(null);
    setServerFields({});
    if (!hostId) {
      setSubmitError('Choose a host that is online.');
      return;
    }
    const { spec, errors: localErrors } = specFromValues(values, start);
    if (!spec || conflicts.length) {
      const first = Object.keys(localErrors)[0] ?? (conflicts[0] ? `ports.${conflicts[0].index}.hostPort` : null);
      setSubmitError(
        conflicts.length
          ? 'A published host port is already in use on this host: pick another one or leave it empty.'
          : 'Some fields need attention.',
      );
      if (first) document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const opId = newOpId();
    opRef.current = opId;
    setProgress(null);
    setSteps({});
    setBusy(start ? 'start' : 'create');
    try {
      if (!socket || !connected) throw new ApiRequestError(NOT_CONNECTED, 0, 'NETWORK');
      const result = await emitCreate(socket, mode, hostId, opId, spec, stopTimeoutS);
      void qc.invalidateQueries({ queryKey: queryKeys.hostResources.images(hostId) });
      if (result.warnings.length) toast({ tone: 'info', title: 'The engine warned', message: result.warnings.join(' · ') });
      toast({
        tone: 'success',
        title: `${mode.kind === 'edit' ? 'Recreated' : result.started ? 'Created and started' : 'Created'} ${result.name}`,
      });
      router.push(containerHref(result.hostId, result.id));
    } catch (e) {
      setSubmitError(errorMessage(e));
      setServerFields(fieldErrors(e));
      setBusy(null);
      opRef.current = null;
    }
  };

  return { submit, submitted, submitError, busy, progress, steps };
}
