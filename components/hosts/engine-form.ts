import type { EngineDetail, EngineKind } from '@/server/contracts/engines';
import type { EngineBody } from './use-engines';

/** Everything the engine dialog edits, as text, for every kind at once (switching kind keeps typing). */
export interface EngineFormState {
  name: string;
  kind: EngineKind;
  socketPath: string;
  host: string;
  port: string;
  ca: string;
  cert: string;
  key: string;
  sshUser: string;
  privateKey: string;
  passphrase: string;
  skipCheck: boolean;
}

export const DEFAULT_PORTS: Record<EngineKind, string> = { socket: '', tcp: '2375', tls: '2376', ssh: '22' };

export function emptyForm(): EngineFormState {
  return {
    name: '',
    kind: 'socket',
    socketPath: '/var/run/docker.sock',
    host: '',
    port: '',
    ca: '',
    cert: '',
    key: '',
    sshUser: 'root',
    privateKey: '',
    passphrase: '',
    skipCheck: false,
  };
}

/** Prefills from the stored engine; secrets stay blank (blank = keep what is stored). */
export function formFromEngine(e: EngineDetail): EngineFormState {
  const c = e.connection;
  // Only admins edit engines, and only they are sent the connection.
  if (!c) return { ...emptyForm(), name: e.name };
  const f = { ...emptyForm(), name: e.name, kind: c.kind };
  if (c.kind === 'socket') f.socketPath = c.socketPath;
  else {
    f.host = c.host;
    f.port = String(c.port);
    if (c.kind === 'ssh') f.sshUser = c.username;
  }
  return f;
}

/** A new kind gets its usual port, unless the user typed one of their own. */
export function switchKind(f: EngineFormState, kind: EngineKind): EngineFormState {
  const portIsDefault = f.port === '' || Object.values(DEFAULT_PORTS).includes(f.port);
  return { ...f, kind, port: portIsDefault ? DEFAULT_PORTS[kind] : f.port };
}

const portValue = (p: string): number | string => (/^\d+$/.test(p.trim()) ? Number(p.trim()) : p.trim());

/** The request body for this kind only: other kinds' fields never leave the browser. */
export function engineBody(f: EngineFormState): EngineBody {
  const base = { kind: f.kind, name: f.name };
  switch (f.kind) {
    case 'socket':
      return { ...base, socketPath: f.socketPath };
    case 'tcp':
      return { ...base, host: f.host, port: portValue(f.port) };
    case 'tls':
      return { ...base, host: f.host, port: portValue(f.port), ca: f.ca, cert: f.cert, key: f.key };
    case 'ssh':
      return {
        ...base,
        host: f.host,
        port: portValue(f.port),
        username: f.sshUser,
        privateKey: f.privateKey,
        passphrase: f.passphrase,
      };
  }
}
