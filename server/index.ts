import './defer-deps';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import compression from 'next/dist/compiled/compression';
import { loadConfig } from './config';
import { memoryDumper } from './diagnostics';
import { closeRuntime, createRuntime } from './bootstrap';
import { gate } from './http/gate';
import { securityHeaders } from './http/security-headers';
import { precompressedAssets } from './http/static-assets';
import { toJson } from './json';
import { attachRealtime } from './realtime';
import { setRuntime } from './runtime';

async function main(): Promise<void> {
  const config = loadConfig();
  const rt = await createRuntime(config);
  setRuntime(rt);

  const app = next({ dev: config.dev, dir: process.cwd(), hostname: 'localhost', port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // threshold 0: even a 400-byte chunk goes out compressed ("every text response").
  const compress = compression({ threshold: 0 });
  // Hashed build assets go out as the brotli/gzip copies written at build time (scripts/precompress.ts).
  const assets = config.dev ? undefined : precompressedAssets(path.join(process.cwd(), '.next', 'static'));
  const headers = Object.entries(securityHeaders(config.dev));
  const server = http.createServer((req, res) => {
    for (const [k, v] of headers) res.setHeader(k, v);
    try {
      if (gate(rt, req, res)) return;
    } catch (err) {
      console.error('[wharf] gate error', err);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(toJson({ ok: false, code: 'INTERNAL', message: 'Internal error' }));
      return;
    }
    // Every other text answer (pages, JSON, assets without a copy) gzipped, as `next start` does; a custom server must ask.
    const toNext = () => compress(req, res, () => void handle(req, res));
    if (assets) assets(req, res, toNext);
    else toNext();
  });
  rt.io = attachRealtime(server, rt);

  // socket.io owns /socket.io/ upgrades; anything else (Next's dev HMR) goes to Next.
  const upgrade = app.getUpgradeHandler();
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket.io/')) void upgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  console.log(`[wharf] ${rt.version} listening on http://localhost:${config.port} (data in ${config.dataDir})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[wharf] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void rt.io?.close();
    server.close(() => {
      closeRuntime(rt);
      setRuntime(undefined);
      console.log('[wharf] stopped');
      process.exit(0);
    });
    server.closeAllConnections();
    // Close the engine streams now so the HTTP server is not held open by them.
    rt.engines.close();
  };
  // Benchmarks measure memory after a full collection: with --expose-gc, SIGUSR2 asks for one.
  // With WHARF_HEAP_DIR set (bench/heap-profile.ts), it also writes memory figures and a heap snapshot there.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (config.heapDir) process.on('SIGUSR2', memoryDumper(config.heapDir, { snapshot: config.heapSnapshot, gc }));
  else if (gc) process.on('SIGUSR2', () => gc());
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('[wharf] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
