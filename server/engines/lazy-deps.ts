import Module, { createRequire } from 'node:module';
import path from 'node:path';

/**
 * dockerode loads two large dependencies as it loads that most Wharf installs never run: ssh2 (through
 * docker-modem, used only by ssh:// engines) and @grpc/grpc-js with @grpc/proto-loader (dockerode's
 * lib/session.js, used only by BuildKit builds, which Wharf does not start). Together ≈150 files and
 * several MB of resident memory (docs/memory.md). deferEngineDeps() puts stand-ins for those two modules
 * in require's cache, each loading the real module the first time it is used. Call it before anything
 * requires dockerode; if dockerode is already loaded it does nothing.
 */
export function deferEngineDeps(root: string = process.cwd()): { deferred: string[] } {
  const deferred: string[] = [];
  let fromRoot: NodeJS.Require;
  let modem: string;
  let dockerode: string;
  try {
    fromRoot = createRequire(path.join(root, 'package.json'));
    dockerode = fromRoot.resolve('dockerode');
    modem = createRequire(dockerode).resolve('docker-modem');
  } catch {
    return { deferred };
  }
  const cache = fromRoot.cache;
  if (cache[dockerode] || cache[modem]) return { deferred };

  const standIn = (file: string, makeExports: (load: () => unknown) => unknown) => {
    if (cache[file]) return;
    let real: unknown;
    const load = () => {
      if (real === undefined) {
        // Drop the stand-in so the real module takes its place in the cache.
        delete cache[file];
        real = fromRoot(file);
      }
      return real;
    };
    const m = new Module(file);
    m.filename = file;
    m.loaded = true;
    m.exports = makeExports(load);
    cache[file] = m;
    deferred.push(file);
  };

  // docker-modem/lib/ssh.js takes `require('ssh2').Client` at load and only ever calls `new Client()`.
  standIn(createRequire(modem).resolve('ssh2'), (load) => {
    const realSsh2 = () => load() as Record<string | symbol, unknown>;
    const Client = function Client(this: unknown, ...args: unknown[]) {
      const Real = realSsh2().Client as new (...a: unknown[]) => object;
      return new Real(...args);
    };
    return new Proxy({ Client } as Record<string | symbol, unknown>, {
      get: (target, key) => (key === 'Client' ? target.Client : realSsh2()[key]),
    });
  });
  // dockerode/lib/docker.js takes `require('./session')` at load; it is called only for BuildKit sessions.
  standIn(createRequire(dockerode).resolve('./session'), (load) => {
    return function withSession(this: unknown, ...args: unknown[]) {
      return (load() as (...a: unknown[]) => unknown).apply(this, args);
    };
  });
  return { deferred };
}
