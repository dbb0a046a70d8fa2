// The `compression` middleware Next ships precompiled (the one `next start` uses).
declare module 'next/dist/compiled/compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  export default function compression(opts?: { threshold?: number | string; level?: number }): Middleware;
}
