/**
 * deploy.registry: a registry image not yet on the host, deployed through Wharf and with `docker run -d`.
 *
 * The reference is 127.0.0.1:5000/wharf-test/web:1.0 (the seed web image in the rig's open registry).
 * Before every run that tag alone is removed from the engine (the seed's own name keeps the layers,
 * as on a host that has the base already), so each run pulls the manifest and config, then creates
 * and starts. Wharf: the HTTP command, then the deploy operation's end as a browser sees it (a socket
 * subscribed to the operations view); its Running step also checks the container stays up for 1.5 s,
 * which `docker run -d` does not. CLI: `docker run -d` of the same reference. Alternating order,
 * medians. Containers are labelled wharf.test=bench and removed after each run.
 *
 *   BENCH {"name":"deploy.registry","wharf_s":…,"cli_s":…,"ratio":cli_s/wharf_s}
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import {
  BENCH_LABEL_FILTER,
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
  connectSocket,
  followOperations,
  expectOk,
  loadRig,
  localEngine,
  log,
  login,
  median,
  onCleanup,
  printBench,
  requestJson,
  round,
  runBench,
  startWharf,
} from './lib';

const ROUNDS = 3;
const run = promisify(execFile);

runBench('deploy.registry', async () => {
  const rig = loadRig();
  const ref = `${rig.REGISTRY_URL}/${rig.SEED_WEB}`;
  const cli = (...args: string[]) =>
    run('docker', ['-H', `unix://${rig.MAIN_SOCKET}`, ...args], { timeout: 120_000 }).then((r) => r.stdout.trim());
  const removeOurs = async () => {
    const ids = await cli('ps', '-aq', '--filter', `label=${BENCH_LABEL_FILTER}`, '--filter', 'name=^/bench-deploy-');
    if (ids) await cli('rm', '-f', '-v', ...ids.split('\n'));
  };
  // Only the registry-named tag: the seed's own tag (and any other) stays.
  const untag = () => cli('rmi', ref).catch(() => undefined);
  onCleanup(removeOurs);
  // A host that had the registry-named tag gets it back at the end.
  const hadTag = await cli('image', 'inspect', ref).then(
    () => true,
    () => false,
  );
  if (hadTag) onCleanup(() => cli('pull', '-q', ref));

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  const socket = await connectSocket(wharf, cookie);
  const operationEnd = await followOperations(socket);
  log(`Wharf on ${wharf.base}, engine ${engine.name}; deploying ${ref}`);

  let n = 0;
  const viaWharf = async (): Promise<number> => {
    const name = `bench-deploy-${process.pid}-${n++}`;
    const t0 = performance.now();
    const res = await requestJson<{ hosts: Array<{ operationId: string }> }>(`${wharf.base}/api/deploy`, {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify({
        spec: { image: ref, name, labels: [{ key: BENCH_LABEL_KEY, value: BENCH_LABEL_VALUE }] },
        hosts: [{ hostId: engine.id }],
      }),
    });
    const operationId = expectOk(res, 'POST deploy').hosts[0]!.operationId;
    const op = await operationEnd(operationId, 'the deploy');
    const s = (performance.now() - t0) / 1000;
    if (op.state !== 'succeeded') throw new Error(`the deploy through Wharf ${op.state}: ${op.error}`);
    return s;
  };
  const viaCli = async (): Promise<number> => {
    const name = `bench-deploy-${process.pid}-${n++}`;
    const t0 = performance.now();
    await cli('run', '-d', '--name', name, '--label', BENCH_LABEL_FILTER, ref);
    return (performance.now() - t0) / 1000;
  };

  const wharfS: number[] = [];
  const cliS: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const which of i % 2 ? (['cli', 'wharf'] as const) : (['wharf', 'cli'] as const)) {
      await removeOurs();
      await untag();
      const s = which === 'wharf' ? await viaWharf() : await viaCli();
      (which === 'wharf' ? wharfS : cliS).push(s);
      log(`round ${i + 1}: ${which} ${round(s, 3)} s`);
    }
  }
  await removeOurs();
  await untag();

  const wharf_s = median(wharfS);
  const cli_s = median(cliS);
  printBench({ name: 'deploy.registry', wharf_s: round(wharf_s, 3), cli_s: round(cli_s, 3), ratio: round(cli_s / wharf_s, 3) });
});
