/** The engine's container states: the one list every part of Wharf reads. */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

/**
 * The order of container names everywhere a list is sorted by name (the list, and the first screen
 * the server renders of it): numbers inside names compare as numbers. One collator, made once.
 */
export const compareContainerNames = new Intl.Collator(undefined, { numeric: true }).compare;

export interface PortMapping {
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIp: string | null;
  hostPort: number | null;
}

export interface ContainerSummary {
  id: string;
  hostId: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** ISO time */
  created: string;
  state: ContainerState;
  /** The engine's human status line, e.g. "Up 3 minutes" / "Exited (0) 2 minutes ago". */
  status: string;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  health: string | null;
  ports: PortMapping[];
  /**
   * A container that is not running publishes nothing, but still asks for these host ports
   * (HostConfig.PortBindings, from its inspect): the ports table flags them against running ones.
   */
  bindings?: PortMapping[];
  labels: Record<string, string>;
  composeProject: string | null;
}

/** A container the engine no longer has, as Wharf last saw it. */
export interface DeletedContainer {
  hostId: string;
  id: string;
  name: string;
  image: string;
  command: string;
  ports: PortMapping[];
  labels: Record<string, string>;
  composeProject: string | null;
  exitCode: number | null;
  created: string | null;
  finishedAt: string | null;
  deletedAt: string;
  /** The Wharf user who removed it, or null if it was removed outside Wharf. */
  deletedBy: string | null;
}

/** One page of the deleted history, newest first: `total` counts every record the query matches. */
export interface DeletedPage {
  records: DeletedContainer[];
  total: number;
  /** The Wharf users who removed the containers of the hosts the reader sees (for the "removed by" filter). */
  removers: string[];
}

/** `by` for the records of containers removed outside Wharf (no username has a colon). */
export const REMOVED_OUTSIDE = ':outside';

/** Rows per page of the deleted history (the live first page holds as many). */
export const DELETED_PAGE_SIZE = 100;

interface MountView {
  type: string;
  source: string;
  destination: string;
  name: string | null;
  mode: string;
  rw: boolean;
}

interface NetworkView {
  name: string;
  ipAddress: string | null;
  gateway: string | null;
  macAddress: string | null;
  aliases: string[];
}

export interface ContainerDetail extends ContainerSummary {
  hostName: string;
  entrypoint: string[];
  cmd: string[];
  env: string[];
  mounts: MountView[];
  networks: NetworkView[];
  restartCount: number;
  restartPolicy: { name: string; maximumRetryCount: number };
  hostname: string;
  user: string;
  workingDir: string;
  tty: boolean;
  openStdin: boolean;
  init: boolean;
  memoryLimit: number;
  nanoCpus: number;
  oomKilled: boolean;
  error: string | null;
  /** `docker inspect` as the engine sent it. */
  raw: Record<string, unknown>;
}

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'rename', 'remove'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

export interface ActionResult {
  hostId: string;
  id: string;
  ok: boolean;
  message?: string;
  /** Done with nothing to do, as the CLI counts it: the container was already in the state asked for. */
  unchanged?: boolean;
}

export interface ContainerProcessList {
  titles: string[];
  processes: string[][];
}

export interface StatsSample {
  /** ms since epoch */
  t: number;
  cpuPercent: number;
  memoryUsed: number;
  memoryLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** ISO timestamp from the engine */
  ts: string | null;
  text: string;
}

export interface FileEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  /** e.g. drwxr-xr-x */
  mode: string;
  mtime: string | null;
  linkTarget: string | null;
}

export interface DirectoryListing {
  path: string;
  entries: FileEntry[];
  /** How it was read: a shell in the running container, or the engine's archive API (stopped containers). */
  via: 'exec' | 'archive';
  truncated: boolean;
}
