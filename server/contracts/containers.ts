export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

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
  labels: Record<string, string>;
  composeProject: string | null;
}
