'use client';

import type { ReactNode } from 'react';
import type { ContainerDetail } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { formatAgo, formatBytes, formatDateTime } from '../format';
import { Badge } from '../ui/badge';
import { ContainerNetworks } from '../networks/container-networks';
import { Section } from '../ui/card';
import { KeyValue, KeyValueList, Missing } from '../ui/key-value';
import { portLabel, portUrl, shortId, stateDetail, uniquePorts } from './container-model';
import { RevealButton, useRevealed } from './reveal-secrets';
import { StateBadge } from './state-badge';

const ZERO = /^0001-01-01/;
const when = (iso: string | null, now: number) =>
  iso && !ZERO.test(iso) ? (
    <span title={iso}>
      {formatDateTime(iso)} <span className="text-zinc-500">({formatAgo(iso, now)})</span>
    </span>
  ) : (
    <Missing>never</Missing>
  );

const argv = (a: string[]) => (a.length ? a.map((x) => (/[\s"'$]/.test(x) ? JSON.stringify(x) : x)).join(' ') : null);

function Table({ head, rows, empty }: { head: string[]; rows: ReactNode[][]; empty: string }) {
  if (!rows.length) return <p className="text-zinc-500">{empty}</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-xs">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500">
            {head.map((h) => (
              <th key={h} className="py-1 pr-3 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((r, i) => (
            <tr key={i} className="align-top">
              {r.map((cell, j) => (
                <td key={j} className="py-1 pr-3 font-mono text-[12px] break-all">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OverviewTab({ c, engine, now }: { c: ContainerDetail; engine: EngineSummary | undefined; now: number }) {
  // Values come masked for everyone; Reveal (audited) fetches them in clear.
  const revealed = useRevealed(c.hostId, c.id);
  const reveal = revealed !== null;
  const ports = uniquePorts(c.ports);
  const env = (revealed?.env ?? c.env).map((e) => {
    const i = e.indexOf('=');
    return i < 0 ? { key: e, value: '' } : { key: e.slice(0, i), value: e.slice(i + 1) };
  });
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3">
      <Section title="State">
        <KeyValueList>
          <KeyValue label="State">
            <span className="inline-flex items-center gap-1.5">
              <StateBadge state={c.state} /> <span className="text-zinc-600">{stateDetail(c, now)}</span>
            </span>
          </KeyValue>
          <KeyValue label="Started">{when(c.startedAt, now)}</KeyValue>
          <KeyValue label="Finished">{when(c.finishedAt, now)}</KeyValue>
          <KeyValue label="Exit code" mono>
            {c.exitCode ?? <Missing>—</Missing>}
            {c.exitCode === 137 && <span className="font-sans text-zinc-500"> (SIGKILL{c.oomKilled ? ', out of memory' : ''})</span>}
            {c.exitCode === 143 && <span className="font-sans text-zinc-500"> (SIGTERM)</span>}
          </KeyValue>
          <KeyValue label="Restarts">{c.restartCount}</KeyValue>
          <KeyValue label="Health">
            {c.health ? (
              <Badge tone={c.health === 'healthy' ? 'green' : c.health === 'unhealthy' ? 'red' : 'amber'}>{c.health}</Badge>
            ) : (
              <Missing>no health check</Missing>
            )}
          </KeyValue>
          <KeyValue label="OOM killed">{c.oomKilled ? <Badge tone="red">yes</Badge> : 'no'}</KeyValue>
          {c.error && (
            <KeyValue label="Error" wrap>
              <span className="text-red-700">{c.error}</span>
            </KeyValue>
          )}
          <KeyValue label="Created">{when(c.created, now)}</KeyValue>
        </KeyValueList>
      </Section>

      <Section title="Container">
        <KeyValueList>
          <KeyValue label="ID" mono title={c.id}>
            {c.id}
          </KeyValue>
          <KeyValue label="Image" mono wrap>
            {c.image} <span className="text-zinc-400">{shortId(c.imageId)}</span>
          </KeyValue>
          <KeyValue label="Entrypoint" mono wrap>
            {argv(revealed?.entrypoint ?? c.entrypoint) ?? <Missing />}
          </KeyValue>
          <KeyValue label="Command" mono wrap>
            {argv(revealed?.cmd ?? c.cmd) ?? <Missing />}
          </KeyValue>
          <KeyValue label="Hostname" mono>
            {c.hostname || <Missing />}
          </KeyValue>
          <KeyValue label="User" mono>
            {c.user || <Missing>image default (root)</Missing>}
          </KeyValue>
          <KeyValue label="Working dir" mono>
            {c.workingDir || <Missing>/</Missing>}
          </KeyValue>
          <KeyValue label="Flags">
            <span className="flex flex-wrap gap-1">
              {c.tty && <Badge tone="sky">tty</Badge>}
              {c.openStdin && <Badge tone="sky">stdin open</Badge>}
              {c.init && <Badge tone="sky">init</Badge>}
              {!c.tty && !c.openStdin && !c.init && <Missing />}
            </span>
          </KeyValue>
        </KeyValueList>
      </Section>

      <Section title="Restart policy & limits">
        <KeyValueList>
          <KeyValue label="Restart policy" mono>
            {c.restartPolicy.name || 'no'}
            {c.restartPolicy.name === 'on-failure' && (
              <span className="font-sans text-zinc-500"> · max {c.restartPolicy.maximumRetryCount || '∞'} retries</span>
            )}
          </KeyValue>
          <KeyValue label="Memory limit">{c.memoryLimit ? formatBytes(c.memoryLimit) : <Missing>unlimited</Missing>}</KeyValue>
          <KeyValue label="CPUs">{c.nanoCpus ? (c.nanoCpus / 1e9).toString() : <Missing>unlimited</Missing>}</KeyValue>
        </KeyValueList>
      </Section>

      <Section title={`Ports (${ports.length})`}>
        <Table
          head={['Host', 'Container', 'Open']}
          empty="No ports published."
          rows={ports.map((p) => {
            const url = portUrl(p, engine);
            return [
              p.hostPort ? (
                `${p.hostIp && p.hostIp !== '0.0.0.0' && p.hostIp !== '::' ? `${p.hostIp}:` : ''}${p.hostPort}`
              ) : (
                <Missing>not published</Missing>
              ),
              `${p.containerPort}/${p.protocol}`,
              url ? (
                <a href={url} target="_blank" rel="noreferrer" className="text-sky-700 hover:underline" data-testid="port-link">
                  {url}
                </a>
              ) : (
                <Missing>{portLabel(p)}</Missing>
              ),
            ];
          })}
        />
      </Section>

      <ContainerNetworks c={c} />

      <Section title={`Mounts (${c.mounts.length})`}>
        <Table
          head={['Type', 'Source', 'Destination', 'Mode']}
          empty="No mounts."
          rows={c.mounts.map((m) => [
            <Badge key="t" tone={m.type === 'volume' ? 'sky' : 'zinc'}>
              {m.type}
            </Badge>,
            m.name ?? m.source,
            m.destination,
            <span key="m">{m.rw ? 'rw' : <Badge tone="amber">read-only</Badge>}</span>,
          ])}
        />
      </Section>

      <Section
        title={`Environment (${env.length})`}

        className="lg:col-span-2 2xl:col-span-2"
        actions={env.length > 0 && <RevealButton hostId={c.hostId} id={c.id} />}
      >
        <Table
          head={['Variable', 'Value']}
          empty="No environment variables."
          rows={env.map((e) => [
            <span key="k" className="text-zinc-700">
              {e.key}
            </span>,
            reveal ? (
              <span key="v" data-testid="env-value">
                {e.value || <Missing>""</Missing>}
              </span>
            ) : (
              <span key="v" className="text-zinc-400 select-none" aria-label="hidden value" data-testid="env-masked">
                ••••••••
              </span>
            ),
          ])}
        />
      </Section>

      <Section title={`Labels (${labels.length})`}>
        <Table head={['Label', 'Value']} empty="No labels." rows={labels.map(([k, v]) => [k, v || <Missing>""</Missing>])} />
      </Section>
    </div>
  );
}
