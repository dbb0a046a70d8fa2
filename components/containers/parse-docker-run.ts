import type { CreateContainerInput, PortSpec } from '@/server/contracts/container-create';

export interface ParsedRun {
  spec: CreateContainerInput;
  /** Flags Wharf understood but cannot honour, or ignored. */
  warnings: string[];
}

export class DockerRunParseError extends Error {}

/** Splits a command line like a POSIX shell would (quotes, backslashes, line continuations). */
export function shellSplit(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const s = input.replace(/\\\r?\n/g, ' ');
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new DockerRunParseError('Unclosed single quote');
      cur += s.slice(i + 1, end);
      has = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1]!)) i++;
        cur += s[i];
        i++;
      }
      if (i >= s.length) throw new DockerRunParseError('Unclosed double quote');
      has = true;
      i++;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[i + 1];
      has = true;
      i += 2;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      i++;
    } else {
      cur += ch;
      has = true;
      i++;
    }
  }
  if (has) out.push(cur);
  return out;
}

function parsePort(v: string): PortSpec {
  const [spec, proto = 'tcp'] = v.split('/');
  if (!['tcp', 'udp', 'sctp'].includes(proto)) throw new DockerRunParseError(`Unknown protocol in -p ${v}`);
  // [ip:][hostPort:]containerPort, where ip may be [v6]
  const m = /^(?:(\[[^\]]+\]|[^:]*):)??(?:(\d*):)?(\d+)$/.exec(spec ?? '');
  if (!m) throw new DockerRunParseError(`Cannot read -p ${v}: expected [ip:][hostPort:]containerPort[/protocol]`);
  return {
    hostIp: (m[1] ?? '').replace(/^\[|\]$/g, ''),
    hostPort: m[2] ? Number(m[2]) : null,
    containerPort: Number(m[3]),
    protocol: proto as PortSpec['protocol'],
  };
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(v.trim());
  if (!m) throw new DockerRunParseError(`Cannot read memory size ${v} (e.g. 512m, 1g)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mb = unit === 'g' ? n * 1024 : unit === 'm' ? n : unit === 'k' ? n / 1024 : n / 1024 / 1024;
  return Math.round(mb * 100) / 100;
}

function kv(v: string): { key: string; value: string } {
  const i = v.indexOf('=');
  return i < 0 ? { key: v, value: '' } : { key: v.slice(0, i), value: v.slice(i + 1) };
}

const WITH_VALUE = new Set([
  '--name',
  '-e',
  '--env',
  '-p',
  '--publish',
  '-v',
  '--volume',
  '--mount',
  '--network',
  '--net',
  '--restart',
  '-m',
  '--memory',
  '--cpus',
  '-l',
  '--label',
  '-h',
  '--hostname',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--entrypoint',
  '--env-file',
  '--platform',
  '--pull',
  '--log-driver',
  '--log-opt',
  '--add-host',
  '--dns',
  '--cap-add',
  '--cap-drop',
  '--device',
  '--shm-size',
  '--ulimit',
  '--stop-signal',
  '--stop-timeout',
  '--memory-swap',
  '--cpu-shares',
  '--cpuset-cpus',
  '--ip',
  '--network-alias',
  '--health-cmd',
  '--health-interval',
  '--health-timeout',
  '--health-start-period',
  '--health-retries',
  '--security-opt',
  '--pid',
  '--ipc',
]);

/** A Go duration as docker takes it (`30s`, `1m30s`, `500ms`, `1h`), in seconds. */
export function parseDuration(v: string, flag: string): number {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const parts = [...v.trim().matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== v.trim())
    throw new DockerRunParseError(`Cannot read ${flag} ${v}: a duration like 30s, 1m30s or 500ms`);
  return Math.round(parts.reduce((a, p) => a + Number(p[1]) * units[p[2]!]!, 0) * 1000) / 1000;
}

function parseDevice(v: string) {
  const [hostPath = '', second, third] = v.split(':');
  // --device /dev/x:rwm (permissions in the second place) or /dev/x:/dev/y[:rwm]
  if (second && /^[rwm]{1,3}$/.test(second) && third === undefined) return { hostPath, containerPath: '', permissions: second };
  return { hostPath, containerPath: second ?? '', permissions: third ?? 'rwm' };
}

function parseUlimit(v: string) {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(v.trim());
  if (!m) throw new DockerRunParseError(`Cannot read --ulimit ${v}: expected name=soft[:hard], e.g. nofile=1024:2048`);
  return { name: m[1]!, soft: Number(m[2]), hard: Number(m[3] ?? m[2]) };
}

function parseExtraHost(v: string) {
  // host:ip, or host=ip (newer CLIs, which also allows IPv6 without brackets)
  const i = v.includes('=') ? v.indexOf('=') : v.indexOf(':');
  if (i <= 0) throw new DockerRunParseError(`Cannot read --add-host ${v}: expected host:ip`);
  return { host: v.slice(0, i), ip: v.slice(i + 1).replace(/^\[|\]$/g, '') };
}
const SHORT_FLAGS = new Set(['d', 'i', 't', 'P']);

/** Turns a pasted `docker run …` into the create form's values. */
export function parseDockerRun(command: string): ParsedRun {
  const words = shellSplit(command.trim());
  let i = 0;
  if (words[i] === 'docker') i++;
  if (words[i] === 'container') i++;
  if (words[i] === 'run' || words[i] === 'create') {
    if (words[i] === 'create') words.splice(i, 1, 'run', '--no-start');
    i++;
  } else if (words[0] === 'docker' || words[0] === 'container') {
    throw new DockerRunParseError('Only `docker run` (or `docker create`) commands can be pasted');
  }
  const spec: CreateContainerInput & {
    env: NonNullable<CreateContainerInput['env']>;
    ports: NonNullable<CreateContainerInput['ports']>;
    volumes: NonNullable<CreateContainerInput['volumes']>;
    labels: NonNullable<CreateContainerInput['labels']>;
    capAdd: string[];
    capDrop: string[];
    logOpts: NonNullable<CreateContainerInput['logOpts']>;
    devices: NonNullable<CreateContainerInput['devices']>;
    ulimits: NonNullable<CreateContainerInput['ulimits']>;
    dns: string[];
    extraHosts: NonNullable<CreateContainerInput['extraHosts']>;
    securityOpt: string[];
  } = {
    image: '',
    env: [],
    ports: [],
    volumes: [],
    labels: [],
    start: true,
    capAdd: [],
    capDrop: [],
    logOpts: [],
    devices: [],
    ulimits: [],
    dns: [],
    extraHosts: [],
    securityOpt: [],
  };
  const health = { mode: 'image' as 'image' | 'cmd' | 'none', cmd: '', intervalS: 0, timeoutS: 0, startPeriodS: 0, retries: 0 };
  let healthSet = false;
  const warnings: string[] = [];

  while (i < words.length) {
    let w = words[i]!;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-')) break;
    let value: string | undefined;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    if (eq > 0) {
      value = w.slice(eq + 1);
      w = w.slice(0, eq);
    } else if (/^-[a-zA-Z]{2,}$/.test(w) && [...w.slice(1)].every((c) => SHORT_FLAGS.has(c))) {
      // -dit
      for (const c of w.slice(1)) applyFlag(`-${c}`);
      i++;
      continue;
    } else if (/^-[a-zA-Z].+$/.test(w) && WITH_VALUE.has(w.slice(0, 2))) {
      // -p8080:80 / -eKEY=v
      value = w.slice(2);
      w = w.slice(0, 2);
    }
    if (WITH_VALUE.has(w) && value === undefined) {
      value = words[++i];
      if (value === undefined) throw new DockerRunParseError(`${w} needs a value`);
    }
    applyFlag(w, value);
    i++;
  }

  function applyFlag(flag: string, v?: string) {
    switch (flag) {
      case '-d':
      case '--detach':
        break;
      case '--no-start':
        spec.start = false;
        break;
      case '-i':
      case '--interactive':
        spec.openStdin = true;
        break;
      case '-t':
      case '--tty':
        spec.tty = true;
        break;
      case '--init':
        spec.init = true;
        break;
      case '--rm':
        warnings.push('--rm is not supported: the container is kept when it stops');
        break;
      case '-P':
      case '--publish-all':
        warnings.push('-P (publish all) is ignored: list the ports to publish');
        break;
      case '--name':
        spec.name = v!;
        break;
      case '-e':
      case '--env':
        spec.env.push(kv(v!));
        break;
      case '-p':
      case '--publish':
        spec.ports.push(parsePort(v!));
        break;
      case '-v':
      case '--volume': {
        const parts = v!.split(':');
        if (parts.length < 2) {
          warnings.push(`-v ${v}: an anonymous volume is created by the image's VOLUME anyway; skipped`);
          break;
        }
        const [source, target, mode] = parts;
        spec.volumes.push({ type: source!.startsWith('/') ? 'bind' : 'volume', source: source!, target: target!, readOnly: mode === 'ro' });
        break;
      }
      case '--mount': {
        const o = Object.fromEntries(
          v!.split(',').map((p) => {
            const x = kv(p);
            return [x.key, x.value || 'true'];
          }),
        );
        const type = o.type === 'bind' ? 'bind' : o.type === 'volume' || !o.type ? 'volume' : null;
        if (!type) {
          warnings.push(`--mount type=${o.type} is not supported; skipped`);
          break;
        }
        spec.volumes.push({
          type,
          source: o.source ?? o.src ?? '',
          target: o.target ?? o.destination ?? o.dst ?? '',
          readOnly: o.readonly === 'true' || o.ro === 'true',
        });
        break;
      }
      case '--network':
      case '--net':
        spec.network = v!;
        break;
      case '--restart': {
        const [name, n] = v!.split(':');
        if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name!)) throw new DockerRunParseError(`Unknown restart policy ${v}`);
        spec.restartPolicy = name as CreateContainerInput['restartPolicy'];
        if (n) spec.maxRetries = Number(n);
        break;
      }
      case '-m':
      case '--memory':
        spec.memoryMb = parseSize(v!);
        break;
      case '--cpus':
        spec.cpus = Number(v);
        break;
      case '-l':
      case '--label':
        spec.labels.push(kv(v!));
        break;
      case '-h':
      case '--hostname':
        spec.hostname = v!;
        break;
      case '-w':
      case '--workdir':
        spec.workingDir = v!;
        break;
      case '-u':
      case '--user':
        spec.user = v!;
        break;
      case '--pull':
        if (!['missing', 'always', 'never'].includes(v!)) throw new DockerRunParseError(`--pull must be missing, always or never`);
        spec.pull = v as CreateContainerInput['pull'];
        break;
      case '--entrypoint':
        spec.entrypoint = v ? [v] : [];
        break;
      case '--health-cmd':
        health.mode = 'cmd';
        health.cmd = v!;
        healthSet = true;
        break;
      case '--health-interval':
        health.intervalS = parseDuration(v!, flag);
        healthSet = true;
        break;
      case '--health-timeout':
        health.timeoutS = parseDuration(v!, flag);
        healthSet = true;
        break;
      case '--health-start-period':
        health.startPeriodS = parseDuration(v!, flag);
        healthSet = true;
        break;
      case '--health-retries':
        health.retries = Number(v);
        healthSet = true;
        break;
      case '--no-healthcheck':
        health.mode = 'none';
        healthSet = true;
        break;
      case '--cap-add':
        spec.capAdd.push(...v!.split(',').filter(Boolean));
        break;
      case '--cap-drop':
        spec.capDrop.push(...v!.split(',').filter(Boolean));
        break;
      case '--log-driver':
        spec.logDriver = v!;
        break;
      case '--log-opt':
        spec.logOpts.push(kv(v!));
        break;
      case '--env-file':
        warnings.push(`--env-file ${v}: this page cannot read files on your machine; load or paste the file under Environment`);
        break;
      case '--device':
        spec.devices.push(parseDevice(v!));
        break;
      case '--ulimit':
        spec.ulimits.push(parseUlimit(v!));
        break;
      case '--dns':
        spec.dns.push(v!);
        break;
      case '--add-host':
        spec.extraHosts.push(parseExtraHost(v!));
        break;
      case '--security-opt':
        spec.securityOpt.push(v!);
        break;
      case '--stop-timeout':
        spec.stopTimeout = Number(v);
        break;
      case '--pid':
        spec.pid = v!;
        break;
      case '--ipc':
        spec.ipc = v!;
        break;
      default:
        warnings.push(`${flag}${v !== undefined ? ` ${v}` : ''} is not supported by the form; ignored`);
    }
  }

  const image = words[i];
  if (!image) throw new DockerRunParseError('No image in the command');
  spec.image = image;
  spec.cmd = words.slice(i + 1);
  // --health-interval alone tunes the image's own check: docker needs a command for that too.
  if (healthSet && health.mode === 'image') warnings.push('--health-* without --health-cmd: give the command under Healthcheck');
  if (healthSet && health.mode !== 'image') spec.healthcheck = health;
  return { spec, warnings };
}
