// What the browser needs of engines at run time, without zod: pages that only show engines stay light.

export const ENGINE_KINDS = ['socket', 'tcp', 'tls', 'ssh'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export const ENGINE_KIND_LABELS: Record<EngineKind, string> = {
  socket: 'Unix socket',
  tcp: 'TCP',
  tls: 'TCP + TLS',
  ssh: 'SSH',
};
