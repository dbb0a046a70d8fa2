/**
 * images.pull: the same image pulled from the rig's registry through Wharf and with `docker pull`.
 *
 * The image is wharf-test/img-c-big:1 in the open registry (~100 MB of random layers on the seed
 * busybox, built and pushed once, labelled wharf.test=img-c). Each round pulls it once through Wharf
 * (the HTTP command, then the operation's end as a browser sees it: a socket subscribed to the
 * activity tray's view) and once with the CLI against the same engine, alternating which goes
 * first; the image is removed before every pull, so each one downloads and extracts every layer
 * but the seed's. Medians of the rounds.
 *
 *   BENCH {"name":"images.pull","bytes":…,"wharf_s":…,"cli_s":…,"ratio":cli_s/wharf_s}
 */
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { ensureBigImage, removeBigImage } from '../test/support/big-image';
import {
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

runBench('images.pull', async () => {
  const rig = loadRig();
  const big = await ensureBigImage(rig);
  onCleanup(() => removeBigImage(rig));

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  const socket = await connectSocket(wharf, cookie);
  const operationEnd = await followOperations(socket);
  log(`Wharf on ${wharf.base}, engine ${engine.name}; ${big.ref}, ${round(big.bytes / 1e6, 1)} MB to download`);

  const viaWharf = async (): Promise<number> => {
    const t0 = performance.now();
    const res = await requestJson<{ operationId: string }>(`${wharf.base}/api/hosts/${engine.id}/images/pull`, {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify({ ref: big.ref }),
    });
    const { operationId } = expectOk(res, 'POST pull');
    const op = await operationEnd(operationId, 'the pull');
    const s = (performance.now() - t0) / 1000;
    if (op.state !== 'succeeded') throw new Error(`the pull through Wharf ${op.state}: ${op.error}`);
    return s;
  };
  const viaCli = async (): Promise<number> => {
    const t0 = performance.now();
    await run('docker', ['-H', `unix://${rig.MAIN_SOCKET}`, 'pull', '-q', big.ref], { timeout: 120_000 });
    return (performance.now() - t0) / 1000;
  };

  const wharfS: number[] = [];
  const cliS: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const which of i % 2 ? (['cli', 'wharf'] as const) : (['wharf', 'cli'] as const)) {
      await removeBigImage(rig);
      const s = which === 'wharf' ? await viaWharf() : await viaCli();
      (which === 'wharf' ? wharfS : cliS).push(s);
      log(`round ${i + 1}: ${which} ${round(s, 3)} s`);
    }
  }
  await removeBigImage(rig);

  const wharf_s = median(wharfS);
  const cli_s = median(cliS);
  printBench({
    name: 'images.pull',
    bytes: big.bytes,
    wharf_s: round(wharf_s, 3),
    cli_s: round(cli_s, 3),
    ratio: round(cli_s / wharf_s, 3),
  });
});
