import { z } from 'zod';
import type { EngineKind } from './engine-kinds';

export type { EngineKind } from './engine-kinds';

const name = z.string().trim().min(1, 'Name is required').max(64, 'Name is at most 64 characters');
const host = z
  .string()
  .trim()
  .min(1, 'Host is required')
  .max(253, 'Host is too long')
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'Host must be a hostname or an IP address');
const port = z.coerce
  .number({ message: 'Port must be a number' })
  .int('Port must be a whole number')
  .min(1, 'Port must be between 1 and 65535')
  .max(65535, 'Port must be between 1 and 65535');
const pem = (what: string) =>
  z
    .string()
    .trim()
    .max(64 * 1024, `${what} is too large`)
    .refine((v) => v === '' || v.includes('-----BEGIN'), `${what} must be PEM text (-----BEGIN …)`);

const socketEngineSchema = z.object({
  kind: z.literal('socket'),
  name,
  socketPath: z
    .string()
    .trim()
    .min(1, 'Socket path is required')
    .max(1024)
    .refine((v) => v.startsWith('/'), 'Socket path must be absolute, e.g. /var/run/docker.sock'),
});

const tcpEngineSchema = z.object({ kind: z.literal('tcp'), name, host, port });

/**
 * TLS material is PEM text. On edit an empty string means "keep what is stored",
 * so secrets never have to travel back to the browser.
 */
const tlsEngineSchema = z.object({
  kind: z.literal('tls'),
  name,
  host,
  port,
  ca: pem('CA certificate'),
  cert: pem('Client certificate'),
  key: pem('Client key'),
});

const sshEngineSchema = z.object({
  kind: z.literal('ssh'),
  name,
  host,
  port: port.default(22),
  username: z.string().trim().min(1, 'SSH user is required').max(64),
  privateKey: pem('Private key'),
  passphrase: z.string().max(1024).optional().default(''),
});

export const engineInputSchema = z.discriminatedUnion('kind', [socketEngineSchema, tcpEngineSchema, tlsEngineSchema, sshEngineSchema]);
export type EngineInput = z.infer<typeof engineInputSchema>;

export const engineSaveSchema = z.object({
  engine: engineInputSchema,
  /** Save even if the connection test fails (an engine down for maintenance). */
  skipCheck: z.boolean().optional().default(false),
});

export const engineTestSchema = z.object({
  engine: engineInputSchema,
  /** When editing, blank secrets are taken from this stored engine. */
  engineId: z.string().max(64).optional(),
});

/** What the browser may see of an engine's connection settings: never keys or passphrases. */
export type EngineConnectionView =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'tls'; host: string; port: number; hasCa: boolean; hasCert: boolean; hasKey: boolean }
  | { kind: 'ssh'; host: string; port: number; username: string; hasPrivateKey: boolean; hasPassphrase: boolean };

export type EngineStatus = 'connecting' | 'online' | 'offline';

export interface ComponentVersion {
  version: string | null;
  commit: string | null;
}

export interface HostInfo {
  hostname: string;
  dockerVersion: string;
  apiVersion: string;
  minApiVersion: string | null;
  /** The API version Wharf speaks with this engine (negotiated). */
  negotiatedApiVersion: string;
  os: string;
  osType: string;
  kernel: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  storageDriver: string;
  backingFilesystem: string | null;
  loggingDriver: string;
  cgroupDriver: string;
  cgroupVersion: string | null;
  defaultRuntime: string;
  runtimes: string[];
  containerd: ComponentVersion;
  runc: ComponentVersion;
  init: ComponentVersion;
  registryMirrors: string[];
  insecureRegistries: string[];
  dockerRootDir: string | null;
  securityOptions: string[];
  experimental: boolean;
  liveRestore: boolean;
}

export interface EngineCounts {
  running: number;
  paused: number;
  stopped: number;
  created: number;
  /** restarting, removing, dead: shown apart so the four above add up honestly. */
  other: number;
  total: number;
  /** Images by id (`docker image ls -q | sort -u`): an image with three tags counts once. */
  images: number;
  /** Tagged references (`repo:tag`) across those images; null while only the last-known count is at hand. */
  imageTags: number | null;
}

export interface EngineSummary {
  id: string;
  name: string;
  kind: EngineKind;
  /** Human form of the endpoint: unix:///var/run/docker.sock, tcp://h:p, ssh://u@h:p */
  address: string;
  status: EngineStatus;
  lastError: string | null;
  /** ISO time of the last status change. */
  statusSince: string;
  /** ISO time when Wharf last heard from the engine. */
  lastSeen: string | null;
  info: HostInfo | null;
  counts: EngineCounts | null;
}

export interface EngineDetail extends EngineSummary {
  /** How Wharf connects (secrets never included); null for non-admins, who never see connection details. */
  connection: EngineConnectionView | null;
  /** The rest of `docker info`, as the engine sent it. */
  rawInfo: Record<string, unknown> | null;
  /** `docker version` as the engine sent it. */
  rawVersion: Record<string, unknown> | null;
  /** How many `/events` streams Wharf holds to this engine: 1 when online, whatever the number of browsers. */
  eventStreams: number;
}

export interface EngineTestResult {
  ok: true;
  dockerVersion: string;
  apiVersion: string;
  negotiatedApiVersion: string;
  os: string;
  name: string;
}

export function engineAddress(c: EngineConnectionView | EngineInput): string {
  switch (c.kind) {
    case 'socket':
      return `unix://${c.socketPath}`;
    case 'tcp':
      return `tcp://${c.host}:${c.port}`;
    case 'tls':
      return `tcp+tls://${c.host}:${c.port}`;
    case 'ssh':
      return `ssh://${c.username}@${c.host}:${c.port}`;
  }
}
