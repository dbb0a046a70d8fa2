// What the browser needs of engines at run time, without zod: pages that only show engines stay light.

export const ENGINE_KINDS = ['socket', 'tcp', 'tls', 'ssh'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export const ENGINE_KIND_LABELS: Record<EngineKind, string> = {
  socket: 'Unix socket',
  tcp: 'TCP',
  tls: 'TCP + TLS',
  ssh: 'SSH',
};

/** The newer of two summaries of one engine. */
export function newerSummary<T extends { revision: number }>(a: T | undefined, b: T): T {
  return a && a.revision > b.revision ? a : b;
}
