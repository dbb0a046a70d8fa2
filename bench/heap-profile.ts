/**
 * heap-profile: where the production server's memory goes, idle and with containers listed.
 *
 *   node_modules/.bin/tsx bench/heap-profile.ts [--out DIR] [--containers 1000] [--idle-ms 30000]
 *                                               [--no-snapshot] [--node-arg=--some-v8-flag ...]
 *
 * Starts the compiled server as `npm start` ends (bench/lib.ts startWharf, plus --expose-gc) with
 * WHARF_HEAP_DIR set, so that SIGUSR2 makes it write process.memoryUsage(), V8's heap spaces and a
 * heap snapshot (server/diagnostics.ts). Two points are taken: "idle" (after --idle-ms, no containers
 * of ours) and "listed" (--containers labelled containers on the local engine, listed 10 times over
 * HTTP, 10 sockets subscribed to the host). At each point it reads the process's RSS by mapping
 * (/proc/<pid>/smaps) before the snapshot is written (writing one costs memory of its own), then
 * aggregates the snapshot: self size by node type, by constructor, and by script file / package
 * (the code a file brings: source, functions, bytecode, scope infos, closures, feedback).
 * The tables go to DIR/summary.md and stderr; one `BENCH {"name":"heap.profile",…}` line to stdout.
 * Containers it creates carry wharf.test=bench and are removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import {
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
  connectSocket,
  inBatches,
  loadRig,
  localEngine,
  log,
  login,
  median,
  onCleanup,
  printBench,
  round,
  runBench,
  sleep,
  startWharf,
  waitFor,
} from './lib';

// ------------------------------------------------------------------------------- arguments

function parseArgs(argv: string[]) {
  const opts = {
    out: path.join(os.tmpdir(), `wharf-heap-${Date.now()}`),
    containers: 1000,
    idleMs: 30_000,
    snapshot: true,
    nodeArgs: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--containers') opts.containers = Number(value());
    else if (a === '--idle-ms') opts.idleMs = Number(value());
    else if (a === '--no-snapshot') opts.snapshot = false;
    else if (a.startsWith('--node-arg=')) opts.nodeArgs.push(a.slice('--node-arg='.length));
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

// ------------------------------------------------------------------------------- /proc

const MB = 1024 * 1024;
const mb = (bytes: number, digits = 1) => round(bytes / MB, digits);

/** RSS of one process by kind of mapping, in bytes: what is code of which file, what is anonymous. */
function rssByMapping(pid: number): { total: number; groups: Record<string, number> } {
  const groups: Record<string, number> = {};
  let current = '[anon]';
  let total = 0;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const p = header[1]!.trim();
      if (!p) current = '[anon] (V8 heap, malloc, thread stacks)';
      else if (p.startsWith('[')) current = p;
      else if (p === fs.realpathSync(`/proc/${pid}/exe`)) current = 'node binary';
      else if (p.endsWith('.node')) current = `native addon ${path.basename(p)}`;
      else if (/\.so(\.|$)/.test(p)) current = 'shared libraries (libc, libstdc++, …)';
      else current = `file ${path.basename(p)}`;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) {
      const bytes = Number(rss[1]) * 1024;
      groups[current] = (groups[current] ?? 0) + bytes;
      total += bytes;
    }
  }
  return { total, groups };
}

/** RSS of a process and its descendants (as bench/server-rss.bench.ts counts it), in bytes. */
function treeRss(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean)) visit(Number(c));
      }
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return kb * 1024;
}

// ------------------------------------------------------------------------------- heap snapshot

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface HeapSummary {
  total: number;
  nodes: number;
  byType: [string, number, number][];
  byConstructor: [string, number, number][];
  byPackage: [string, number, number][];
  byScript: [string, number, number][];
}

/** Collapses a script path to the package or part of Wharf it belongs to. */
function packageOf(file: string): string {
  if (file.startsWith('node:') || !file.includes('/')) return 'node (built-in modules)';
  const compiled = /node_modules\/next\/dist\/compiled\/(@[^/]+\/[^/]+|[^/]+)/.exec(file);
  if (compiled) return `next/dist/compiled/${compiled[1]}`;
  const nextDist = /node_modules\/next\/dist\/([^/]+)/.exec(file);
  if (nextDist) return `next/dist/${nextDist[1]}`;
  const mods = [...file.matchAll(/node_modules\/(@[^/]+\/[^/]+|[^/]+)/g)];
  if (mods.length) return mods[mods.length - 1]![1]!;
  if (file.includes('/.next/server/chunks/')) return '.next/server/chunks (app bundle)';
  if (file.includes('/.next/server/app/')) return '.next/server/app (route entries)';
  if (file.includes('/.next/')) return '.next (other build output)';
  if (file.includes('/.wharf-server/')) return 'wharf server (.wharf-server)';
  return file;
}

/**
 * Aggregates a .heapsnapshot by self size. Code is attributed to its script file: the script's source,
 * each function's SharedFunctionInfo and what hangs off it internally (bytecode, constant pools,
 * scope infos, source positions), and closures with their feedback cells and vectors.
 */
function summariseSnapshot(file: string): HeapSummary {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const types = meta.node_types[0];
  const etypes = meta.edge_types[0];
  const { nodes: N, edges: E, strings: S } = raw;
  const count = N.length / nf;
  const TYPE = meta.node_fields.indexOf('type');
  const NAME = meta.node_fields.indexOf('name');
  const SIZE = meta.node_fields.indexOf('self_size');
  const EDGES = meta.node_fields.indexOf('edge_count');
  const ETYPE = meta.edge_fields.indexOf('type');
  const ENAME = meta.edge_fields.indexOf('name_or_index');
  const ETO = meta.edge_fields.indexOf('to_node');
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += N[i * nf + EDGES]! * ef;
    firstEdge[i + 1] = e;
  }
  const typeOf = (i: number) => types[N[i * nf + TYPE]!]!;
  const nameOf = (i: number) => S[N[i * nf + NAME]!]!;
  const sizeOf = (i: number) => N[i * nf + SIZE]!;
  const edgeName = (k: number) => {
    const t = etypes[E[k + ETYPE]!];
    return t === 'element' || t === 'hidden' ? String(E[k + ENAME]) : S[E[k + ENAME]!]!;
  };
  function* edges(i: number): Generator<[string, string, number]> {
    for (let k = firstEdge[i]!; k < firstEdge[i + 1]!; k += ef) yield [etypes[E[k + ETYPE]!]!, edgeName(k), E[k + ETO]! / nf];
  }

  const add = (m: Map<string, [number, number]>, key: string, size: number) => {
    const v = m.get(key);
    if (v) {
      v[0] += size;
      v[1]++;
    } else m.set(key, [size, 1]);
  };
  const byType = new Map<string, [number, number]>();
  const byCtor = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < count; i++) {
    const t = typeOf(i);
    const size = sizeOf(i);
    total += size;
    add(byType, t, size);
    let key: string;
    if (t === 'string' || t === 'concatenated string' || t === 'sliced string') key = `(${t})`;
    else if (t === 'code') {
      const n = nameOf(i);
      key =
        n.startsWith('system /') || n.startsWith('(')
          ? `(code) ${n.replace(/^\(code for .*\)$/, '(optimised code)')}`
          : '(code) functions and scripts';
    } else if (t === 'number' || t === 'symbol' || t === 'bigint') key = `(${t})`;
    else key = `${nameOf(i) || '(anonymous)'} [${t}]`;
    add(byCtor, key, size);
  }

  // Scripts: code nodes with a `source` edge. Functions: code nodes with a `script_or_debug_info` edge to one.
  const scriptOf = new Int32Array(count).fill(-1);
  const scriptName: string[] = [];
  const claimed = new Uint8Array(count);
  const scriptSize: number[] = [];
  const claim = (i: number, s: number, depth: number) => {
    if (claimed[i]) return;
    claimed[i] = 1;
    scriptSize[s]! += sizeOf(i);
    if (depth === 0) return;
    for (const [et, , to] of edges(i)) {
      if (et !== 'internal' && et !== 'hidden' && et !== 'element') continue;
      const tt = typeOf(to);
      // Follow code metadata only: not into objects, other functions, maps or contexts shared with others.
      if (tt !== 'code' && tt !== 'array' && tt !== 'hidden') continue;
      const n = nameOf(to);
      if (n === 'system / Map' || n === 'system / Context' || n.startsWith('system / NativeContext')) continue;
      if (scriptOf[to] !== -1) continue;
      claim(to, s, depth - 1);
    }
  };
  for (let i = 0; i < count; i++) {
    if (typeOf(i) !== 'code') continue;
    let source = -1;
    let name = '';
    for (const [, en, to] of edges(i)) {
      if (en === 'source') source = to;
      else if (en === 'name' && typeOf(to) === 'string') name = nameOf(to);
    }
    if (source === -1) continue;
    const s = scriptName.length;
    scriptName.push(name || '(no name: eval or inline)');
    scriptSize.push(0);
    scriptOf[i] = s;
    claimed[i] = 1;
    scriptSize[s]! += sizeOf(i);
    claimed[source] = 1;
    scriptSize[s]! += sizeOf(source);
  }
  const sfiScript = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    if (typeOf(i) !== 'code' || scriptOf[i] !== -1) continue;
    for (const [, en, to] of edges(i)) {
      if (en === 'script_or_debug_info' && scriptOf[to] !== -1) {
        sfiScript[i] = scriptOf[to]!;
        break;
      }
    }
  }
  for (let i = 0; i < count; i++) if (sfiScript[i] !== -1) claim(i, sfiScript[i]!, 4);
  for (let i = 0; i < count; i++) {
    if (typeOf(i) !== 'closure' || claimed[i]) continue;
    for (const [, en, to] of edges(i)) {
      if (en === 'shared' && sfiScript[to] !== -1) {
        const s = sfiScript[to]!;
        claimed[i] = 1;
        scriptSize[s]! += sizeOf(i);
        for (const [, en2, to2] of edges(i)) if (en2 === 'feedback_cell') claim(to2, s, 2);
        break;
      }
    }
  }
  const byScript = new Map<string, [number, number]>();
  const byPackage = new Map<string, [number, number]>();
  scriptName.forEach((name, s) => {
    add(byScript, name, scriptSize[s]!);
    add(byPackage, packageOf(name), scriptSize[s]!);
  });
  const sorted = (m: Map<string, [number, number]>) =>
    [...m.entries()].map(([k, [size, n]]) => [k, size, n] as [string, number, number]).sort((a, b) => b[1] - a[1]);
  return {
    total,
    nodes: count,
    byType: sorted(byType),
    byConstructor: sorted(byCtor),
    byPackage: sorted(byPackage),
    byScript: sorted(byScript),
  };
}

// ------------------------------------------------------------------------------- report

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const lines = [`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n') + '\n';
}

interface Point {
  label: string;
  treeRss: number;
  smaps: ReturnType<typeof rssByMapping>;
  usage: {
    after_gc: Record<string, number>;
    before_gc: Record<string, number>;
    spaces: Record<string, { size_mb: number; used_mb: number }>;
    code: Record<string, number>;
  };
  heap?: HeapSummary;
}

function report(points: Point[]): string {
  const out: string[] = [];
  out.push(
    table(
      'process.memoryUsage() after a full GC (MB)',
      ['', ...points.map((p) => p.label)],
      ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers']
        .map((k) => [k, ...points.map((p) => p.usage.after_gc[k] ?? '')])
        .concat([['process tree RSS (bench figure)', ...points.map((p) => mb(p.treeRss))]]),
    ),
  );
  const mapKeys = [...new Set(points.flatMap((p) => Object.keys(p.smaps.groups)))].sort(
    (a, b) => (points[0]!.smaps.groups[b] ?? 0) - (points[0]!.smaps.groups[a] ?? 0),
  );
  out.push(
    table(
      'RSS by mapping, /proc/<pid>/smaps (MB)',
      ['mapping', ...points.map((p) => p.label)],
      mapKeys
        .map((k) => [k, ...points.map((p) => mb(p.smaps.groups[k] ?? 0))])
        .filter((r) => r.slice(1).some((v) => Number(v) >= 0.1))
        .concat([['total', ...points.map((p) => mb(p.smaps.total))]]),
    ),
  );
  const spaceKeys = Object.keys(points[0]!.usage.spaces);
  out.push(
    table(
      'V8 heap spaces after GC, used / committed (MB)',
      ['space', ...points.map((p) => p.label)],
      spaceKeys.map((k) => [k, ...points.map((p) => `${p.usage.spaces[k]?.used_mb ?? 0} / ${p.usage.spaces[k]?.size_mb ?? 0}`)]),
    ),
  );
  const withHeap = points.filter((p) => p.heap);
  if (withHeap.length) {
    const topRows = (pick: (h: HeapSummary) => [string, number, number][], n: number) => {
      const keys = pick(withHeap[0]!.heap!)
        .slice(0, n)
        .map((r) => r[0]);
      for (const p of withHeap.slice(1)) for (const r of pick(p.heap!).slice(0, n)) if (!keys.includes(r[0])) keys.push(r[0]);
      return keys.map((k) => [
        k.replace(/\|/g, '\\|'),
        ...withHeap.flatMap((p) => {
          const r = pick(p.heap!).find((x) => x[0] === k);
          return [r ? mb(r[1], 2) : 0, r ? r[2] : 0];
        }),
      ]);
    };
    const head = (first: string) => [first, ...withHeap.flatMap((p) => [`${p.label} MB`, `${p.label} count`])];
    out.push(
      table(
        'Heap snapshot: self size by node type',
        head('type'),
        topRows((h) => h.byType, 20),
      ),
    );
    out.push(
      table(
        'Heap snapshot: self size by constructor (top 30)',
        head('constructor [node type]'),
        topRows((h) => h.byConstructor, 30),
      ),
    );
    out.push(
      table(
        'Heap snapshot: code by package (source + functions + bytecode + closures; top 30)',
        head('package'),
        topRows((h) => h.byPackage, 30),
      ),
    );
    out.push(
      table(
        'Heap snapshot: code by script file (top 25)',
        head('script'),
        topRows((h) => h.byScript, 25),
      ),
    );
    out.push(
      `Snapshot totals: ${withHeap.map((p) => `${p.label} ${mb(p.heap!.total)} MB in ${p.heap!.nodes} nodes, ${mb(p.heap!.byScript.reduce((a, r) => a + r[1], 0))} MB of it attributed to scripts`).join('; ')}.\n`,
    );
  }
  return out.join('\n');
}

// ------------------------------------------------------------------------------- run

const opts = parseArgs(process.argv.slice(2));

runBench(
  'heap.profile',
  async () => {
    fs.mkdirSync(opts.out, { recursive: true });
    log(`output in ${opts.out}`);
    // startWharf passes our environment on: these reach server/diagnostics.ts.
    process.env.WHARF_HEAP_DIR = opts.out;
    process.env.WHARF_HEAP_SNAPSHOT = opts.snapshot ? '1' : '0';
    const env = loadRig();
    const docker = new Docker({ socketPath: env.MAIN_SOCKET });
    const wharf = await startWharf({ nodeArgs: ['--expose-gc', ...opts.nodeArgs] });
    onCleanup(() => wharf.stop());
    const pid = wharf.proc.pid!;
    const cookie = await login(wharf);
    await localEngine(wharf, cookie);
    const points: Point[] = [];
    const listMs: number[] = [];
    let dumps = 0;

    const take = async (label: string) => {
      // Readings first: writing a snapshot leaves memory of its own behind.
      const readings: number[] = [];
      for (let i = 0; i < 5; i++) {
        readings.push(treeRss(pid));
        await sleep(400);
      }
      const smaps = rssByMapping(pid);
      const n = ++dumps;
      process.kill(pid, 'SIGUSR2');
      const base = path.join(opts.out, `dump-${n}`);
      await waitFor(() => fs.existsSync(`${base}.done`), 300_000, `${label} dump`, 250);
      for (const ext of ['json', 'heapsnapshot']) {
        if (fs.existsSync(`${base}.${ext}`)) fs.renameSync(`${base}.${ext}`, path.join(opts.out, `${label}.${ext}`));
      }
      const usage = JSON.parse(fs.readFileSync(path.join(opts.out, `${label}.json`), 'utf8')) as Point['usage'];
      const snap = path.join(opts.out, `${label}.heapsnapshot`);
      const heap = fs.existsSync(snap) ? summariseSnapshot(snap) : undefined;
      points.push({ label, treeRss: Math.min(...readings), smaps, usage, heap });
      log(`${label}: tree ${mb(Math.min(...readings))} MB, heapUsed ${usage.after_gc.heapUsed} MB, external ${usage.after_gc.external} MB`);
    };

    await sleep(opts.idleMs);
    await take('idle');

    if (opts.containers > 0) {
      const label = { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE };
      const created: Docker.Container[] = [];
      onCleanup(() => inBatches(created, 20, (c) => c.remove({ force: true }).catch(() => undefined)));
      await inBatches(Array.from({ length: opts.containers }), 20, async () => {
        created.push(await docker.createContainer({ Image: env.SEED_BUSYBOX, Cmd: ['true'], Labels: label }));
      });
      // Ten browsers on the containers page: each subscribes to the live view and gets the whole list.
      for (let i = 0; i < 10; i++) {
        const s = await connectSocket(wharf, cookie);
        const t0 = performance.now();
        const ack = await s.emitWithAck('live.subscribe', { kind: 'containers' });
        if (!ack.ok) throw new Error(`live.subscribe refused: ${ack.message}`);
        const listed = ack.data.streams.reduce((n, st) => n + (st.data.kind === 'containers' ? st.data.containers.length : 0), 0);
        if (listed < opts.containers) throw new Error(`listed ${listed} containers, expected ≥ ${opts.containers}`);
        listMs.push(performance.now() - t0);
      }
      // A rough guard that memory flags do not slow the hot path: the median list time (1st call included).
      log(`list of ${opts.containers}: median ${round(median(listMs), 1)} ms over ${listMs.length}`);
      await sleep(2_000);
      await take('listed');
    }

    const md = report(points);
    fs.writeFileSync(path.join(opts.out, 'summary.md'), md);
    console.error(md);
    printBench({
      name: 'heap.profile',
      node_args: opts.nodeArgs,
      ...Object.fromEntries(
        points.flatMap((p) => [
          [`${p.label}_tree_mb`, mb(p.treeRss)],
          [`${p.label}_heap_used_mb`, p.usage.after_gc.heapUsed],
          [`${p.label}_external_mb`, p.usage.after_gc.external],
        ]),
      ),
      ...(listMs.length ? { list_median_ms: round(median(listMs), 1) } : {}),
      out: opts.out,
    });
  },
  900_000,
);
