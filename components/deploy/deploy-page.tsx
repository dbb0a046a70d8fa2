'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { findPortConflicts, RESTART_POLICIES } from '@/server/contracts/container-create';
import { volumeNameFor, type DeployPlan, type DeployStarted } from '@/server/contracts/deploy';
import { api, errorMessage, fieldErrors } from '../api';
import { usedPorts } from '../containers/container-model';
import { useContainers } from '../containers/use-containers';
import { formatBytes } from '../format';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Section } from '../ui/card';
import { Checkbox, Field, Input, Select } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { DeployHostProgress } from './deploy-progress';

export type DeployQuery = { ref?: string; host?: string; image?: string; template?: string };

const planUrl = (q: DeployQuery) => {
  const p = new URLSearchParams();
  if (q.template) p.set('template', q.template);
  else if (q.host && q.image) {
    p.set('host', q.host);
    p.set('image', q.image);
  } else if (q.ref) p.set('ref', q.ref);
  else return null;
  return `/api/deploy/plan?${p}`;
};

/** The deploy page: pick a source (or come with one), adjust the pre-filled form, deploy to one or more hosts. */
export function DeployPage({ query }: { query: DeployQuery }) {
  const url = planUrl(query);
  const plan = useQuery({
    queryKey: ['deploy-plan', url],
    queryFn: ({ signal }) => api<DeployPlan>(url!, { signal }),
    enabled: !!url,
    staleTime: Infinity,
    retry: false,
  });
  return (
    <div className="mx-auto max-w-5xl space-y-3 p-4">
      <h1 className="text-lg font-semibold">Deploy</h1>
      <SourcePicker initial={query.ref ?? ''} />
      {plan.isLoading && (
        <p className="flex items-center gap-2 text-zinc-600">
          <Spinner /> Reading the image config…
        </p>
      )}
      {plan.error && <ErrorAlert title="Cannot prepare this deploy">{errorMessage(plan.error)}</ErrorAlert>}
      {plan.data && <DeployForm key={url} plan={plan.data} initialHost={query.host} />}
    </div>
  );
}

function SourcePicker({ initial }: { initial: string }) {
  const router = useRouter();
  const [ref, setRef] = useState(initial);
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (ref.trim()) router.push(`/deploy?ref=${encodeURIComponent(ref.trim())}`);
      }}
    >
      <Field id="deploy-ref" label="Image in a registry" className="flex-1">
        <Input
          id="deploy-ref"
          value={ref}
          onChange={(e) => setRef(e.target.value)}
          placeholder="127.0.0.1:5000/team/app:1.0"
          className="font-mono"
        />
      </Field>
      <Button type="submit">Read</Button>
    </form>
  );
}

interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

function DeployForm({ plan, initialHost }: { plan: DeployPlan; initialHost?: string }) {
  const engines = useEngines();
  const containers = useContainers();
  const online = useMemo(() => (engines.data ?? []).filter((e) => e.status === 'online'), [engines.data]);
  const [chosen, setHosts] = useState<string[] | null>(initialHost ? [initialHost] : null);
  // Until the user picks, the first online host is chosen.
  const hosts = chosen ?? (online[0] ? [online[0].id] : []);
  const [replace, setReplace] = useState<string[]>([]);
  const [name, setName] = useState(plan.name);
  const [ports, setPorts] = useState<PortRow[]>(plan.ports.map((p) => ({ ...p, hostPort: p.hostPort ? String(p.hostPort) : '' })));
  const [volumes, setVolumes] = useState(plan.volumes.map((v) => ({ ...v, source: v.bind ?? '' })));
  const [env, setEnv] = useState(plan.env.map((e) => e.value));
  const [restart, setRestart] = useState<string>(plan.restartPolicy);
  const [memoryMb, setMemoryMb] = useState('0');
  const [cpus, setCpus] = useState('0');
  const [network, setNetwork] = useState(plan.network);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [started, setStarted] = useState<DeployStarted | null>(null);

  const numericPorts = ports.map((p) => ({
    hostIp: p.hostIp || null,
    hostPort: /^\d+$/.test(p.hostPort) ? Number(p.hostPort) : null,
    protocol: p.protocol,
  }));
  // Ports already published on each chosen host, flagged per row before anything is sent.
  const conflicts = hosts.flatMap((h) => {
    const host = online.find((e) => e.id === h);
    const existing = replace.includes(h) ? containers.data?.find((c) => c.hostId === h && c.name === name) : undefined;
    return findPortConflicts(numericPorts, usedPorts(containers.data, h, existing?.id)).map((c) => ({ ...c, host: host?.name ?? h }));
  });
  const nameTaken = hosts.filter((h) => name && containers.data?.some((c) => c.hostId === h && c.name === name));
  const unresolved = nameTaken.filter((h) => !replace.includes(h));

  const freePort = (from: number, proto: string) => {
    const taken = new Set(
      hosts.flatMap((h) =>
        usedPorts(containers.data, h)
          .filter((u) => u.protocol === proto)
          .map((u) => u.hostPort),
      ),
    );
    ports.forEach((p) => taken.add(Number(p.hostPort)));
    let p = Math.max(1024, from);
    while (taken.has(p) && p < 65535) p++;
    return p;
  };

  const fieldErrs = fieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        spec: {
          image: plan.image,
          name,
          cmd: plan.cmd,
          env: plan.env
            .map((f, i) => ({ key: f.key, value: env[i] ?? '' }))
            .filter((kv, i) => kv.value !== plan.env[i]!.imageValue && !(plan.env[i]!.masked && kv.value === '')),
          ports: ports.map((p) => ({ ...p, hostPort: p.hostPort || null })),
          volumes: volumes.map((v) =>
            v.bind
              ? { type: 'bind', source: v.source || v.bind, target: v.target, readOnly: v.readOnly }
              : { type: 'volume', source: v.source || volumeNameFor(name, v.target), target: v.target, readOnly: v.readOnly },
          ),
          labels: plan.labels,
          restartPolicy: restart,
          memoryMb,
          cpus,
          network,
          hostname: plan.hostname,
        },
        hosts: hosts.map((hostId) => ({ hostId, replace: replace.includes(hostId) })),
      };
      setStarted(await api<DeployStarted>('/api/deploy', { method: 'POST', body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (started)
    return (
      <div className="space-y-2" data-testid="deploy-progress">
        <p className="text-zinc-700">
          Deploying <span className="font-mono">{plan.image}</span> as <span className="font-medium">{name}</span> to {started.hosts.length}{' '}
          host
          {started.hosts.length === 1 ? '' : 's'}: each host goes on by itself, and the activity tray follows it too.
        </p>
        <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
          {started.hosts.map((h) => (
            <DeployHostProgress key={h.operationId} {...h} name={name} engine={online.find((e) => e.id === h.hostId)} />
          ))}
        </div>
        <Button onClick={() => setStarted(null)}>Back to the form</Button>
      </div>
    );

  const visibleEnv = plan.env.map((f, i) => ({ f, i })).filter(({ f }) => !f.preset);
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="deploy-form">
      <p className="text-zinc-700">
        From <span className="font-mono">{plan.sourceLabel}</span>
        {plan.size ? <span className="text-zinc-500"> · {formatBytes(plan.size)} to pull where missing</span> : null}
        {plan.healthcheck ? <span className="text-zinc-500"> · has a healthcheck: the deploy waits for healthy</span> : null}
      </p>
      {plan.note && (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sky-900">{plan.note.replace(/<[^>]+>/g, '')}</p>
      )}
      {plan.warnings.map((w) => (
        <p key={w} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          {w}
        </p>
      ))}
      <Section title="Where">
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <Field id="deploy-name" label="Container name" error={fieldErrs.name}>
            <Input id="deploy-name" value={name} onChange={(e) => setName(e.target.value)} className="font-mono" />
          </Field>
          <fieldset>
            <legend className="mb-1 text-xs font-medium text-zinc-700">Hosts</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {online.map((e) => (
                <Checkbox
                  key={e.id}
                  label={e.name}
                  checked={hosts.includes(e.id)}
                  onChange={(ev) => setHosts(ev.target.checked ? [...hosts, e.id] : hosts.filter((x) => x !== e.id))}
                />
              ))}
            </div>
          </fieldset>
        </div>
        {nameTaken.map((h) => (
          <div key={h} className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900" data-testid="name-taken">
            A container named <span className="font-mono">{name}</span> exists on {online.find((e) => e.id === h)?.name}.{' '}
            <Checkbox
              className="inline-flex"
              label="Replace it (recreate with these settings; put back if that fails)"
              checked={replace.includes(h)}
              onChange={(ev) => setReplace((r) => (ev.target.checked ? [...r, h] : r.filter((x) => x !== h)))}
            />
          </div>
        ))}
      </Section>
      <Section title="Ports">
        {ports.length === 0 && <p className="text-zinc-500">The image exposes no port.</p>}
        <div className="space-y-2">
          {ports.map((p, i) => {
            const mine = conflicts.filter((c) => c.index === i);
            return (
              <div key={`${p.containerPort}/${p.protocol}/${i}`} data-testid="port-row">
                <div className="flex items-end gap-2">
                  <Field id={`port-${i}`} label={`Host port for ${p.containerPort}/${p.protocol}`} error={fieldErrs[`ports.${i}.hostPort`]}>
                    <Input
                      id={`port-${i}`}
                      value={p.hostPort}
                      inputMode="numeric"
                      aria-invalid={mine.length ? true : undefined}
                      onChange={(e) => setPorts((ps) => ps.map((x, j) => (j === i ? { ...x, hostPort: e.target.value.trim() } : x)))}
                      className="w-28 font-mono"
                      placeholder="any"
                    />
                  </Field>
                  <Button
                    size="sm"
                    onClick={() =>
                      setPorts((ps) =>
                        ps.map((x, j) => (j === i ? { ...x, hostPort: String(freePort(Number(x.hostPort) || 8000, x.protocol)) } : x)),
                      )
                    }
                  >
                    Use a free port
                  </Button>
                </div>
                {mine.map((c) => (
                  <p key={c.host} className="mt-1 text-xs text-red-700" data-testid="port-conflict">
                    Port {c.hostPort}/{c.protocol} is taken on {c.host} by {c.usedBy}
                  </p>
                ))}
              </div>
            );
          })}
        </div>
      </Section>
      {volumes.length > 0 && (
        <Section title="Volumes">
          <div className="space-y-2">
            {volumes.map((v, i) => (
              <Field key={v.target} id={`vol-${i}`} label={`${v.target} ${v.bind ? '(bind)' : '(named volume)'}`}>
                <Input
                  id={`vol-${i}`}
                  value={v.source}
                  placeholder={v.bind ?? volumeNameFor(name, v.target)}
                  onChange={(e) => setVolumes((vs) => vs.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)))}
                  className="font-mono"
                />
              </Field>
            ))}
          </div>
        </Section>
      )}
      {visibleEnv.length > 0 && (
        <Section title="Environment">
          <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {visibleEnv.map(({ f, i }) => (
              <Field
                key={f.key}
                id={`env-${i}`}
                label={f.label === f.key ? f.key : `${f.label} (${f.key})`}
                hint={f.description || undefined}
              >
                {f.options ? (
                  <Select id={`env-${i}`} value={env[i]} onChange={(e) => setEnv((xs) => xs.map((x, j) => (j === i ? e.target.value : x)))}>
                    {f.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.text}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    id={`env-${i}`}
                    value={env[i]}
                    placeholder={f.masked ? '(set in the image; hidden)' : ''}
                    onChange={(e) => setEnv((xs) => xs.map((x, j) => (j === i ? e.target.value : x)))}
                    className="font-mono"
                  />
                )}
              </Field>
            ))}
          </div>
        </Section>
      )}
      <Section title="Runtime">
        <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
          <Field id="deploy-restart" label="Restart policy">
            <Select id="deploy-restart" value={restart} onChange={(e) => setRestart(e.target.value)}>
              {RESTART_POLICIES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <Field id="deploy-mem" label="Memory limit (MB, 0 = none)" error={fieldErrs.memoryMb}>
            <Input id="deploy-mem" value={memoryMb} onChange={(e) => setMemoryMb(e.target.value)} inputMode="numeric" />
          </Field>
          <Field id="deploy-cpus" label="CPUs (0 = no limit)" error={fieldErrs.cpus}>
            <Input id="deploy-cpus" value={cpus} onChange={(e) => setCpus(e.target.value)} inputMode="decimal" />
          </Field>
          <Field id="deploy-net" label="Network (empty = default)" error={fieldErrs.network}>
            <Input id="deploy-net" value={network} onChange={(e) => setNetwork(e.target.value)} className="font-mono" />
          </Field>
        </div>
      </Section>
      {!!error && <ErrorAlert title="Not deployed">{errorMessage(error)}</ErrorAlert>}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" pending={busy} disabled={!hosts.length || conflicts.length > 0 || unresolved.length > 0}>
          Deploy to {hosts.length} host{hosts.length === 1 ? '' : 's'}
        </Button>
        {conflicts.length > 0 && <span className="text-xs text-red-700">Choose free host ports first</span>}
        {unresolved.length > 0 && (
          <span className="text-xs text-amber-800">A container with this name exists: replace it or choose another name</span>
        )}
      </div>
    </form>
  );
}
