'use client';

import type { ReactNode } from 'react';
import type { ImageDetail } from '@/server/contracts/images';
import { formatAgo, formatDateTime } from '../../format';
import { Badge } from '../../ui/badge';
import { Section } from '../../ui/card';
import { KeyValue, KeyValueList, Missing } from '../../ui/key-value';
import { CopyText } from './copy-text';

/** An argv as a shell would read it back: words with spaces or quotes quoted. */
const argv = (a: string[] | null) =>
  a && a.length ? a.map((x) => (/[\s"'$\\]/.test(x) || x === '' ? JSON.stringify(x) : x)).join(' ') : null;
const seconds = (s: number | null) => (s === null ? null : s >= 1 ? `${Number(s.toFixed(1))}s` : `${Math.round(s * 1000)}ms`);

function Rows({ rows, empty, testId }: { rows: Array<[ReactNode, ReactNode, string]>; empty: string; testId: string }) {
  if (!rows.length) return <p className="text-zinc-500">{empty}</p>;
  return (
    <table className="w-full table-fixed text-xs" data-testid={testId}>
      <tbody className="divide-y divide-zinc-100">
        {rows.map(([k, v, key]) => (
          <tr key={key} className="align-top" data-key={key}>
            <td className="w-[42%] py-0.5 pr-3 font-mono text-[12px] [overflow-wrap:anywhere] text-zinc-600">{k}</td>
            <td className="py-0.5 font-mono text-[12px] break-all text-zinc-900">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What a container made from this image starts with: command, environment, ports, volumes, labels, platform. */
export function ConfigTab({ d, now }: { d: ImageDetail; now: number }) {
  const c = d.config;
  const hc = c.healthcheck;
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  const masked = c.env.filter((e) => e.masked).length;
  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-2" data-testid="image-config">
      <Section title="Run">
        <KeyValueList>
          <KeyValue label="Entrypoint" mono wrap>
            <span data-testid="config-entrypoint">{argv(c.entrypoint) ?? <Missing />}</span>
          </KeyValue>
          <KeyValue label="Cmd" mono wrap>
            <span data-testid="config-cmd">{argv(c.cmd) ?? <Missing />}</span>
          </KeyValue>
          <KeyValue label="User" mono>
            {c.user || <Missing>root (default)</Missing>}
          </KeyValue>
          <KeyValue label="Working dir" mono>
            {c.workdir || <Missing>/ (default)</Missing>}
          </KeyValue>
          <KeyValue label="Stop signal" mono>
            {c.stopSignal ?? <Missing>SIGTERM (default)</Missing>}
          </KeyValue>
          <KeyValue label="Health check" mono wrap>
            {!hc || hc.test.length === 0 ? (
              <Missing>none</Missing>
            ) : hc.test[0] === 'NONE' ? (
              <Missing>disabled (NONE)</Missing>
            ) : (
              <>
                <div>
                  {hc.test[0] === 'CMD-SHELL' ? hc.test.slice(1).join(' ') : argv(hc.test[0] === 'CMD' ? hc.test.slice(1) : hc.test)}
                </div>
                <div className="font-sans text-zinc-500">
                  {[
                    hc.interval !== null && `every ${seconds(hc.interval)}`,
                    hc.timeout !== null && `timeout ${seconds(hc.timeout)}`,
                    hc.retries !== null && `${hc.retries} retries`,
                    hc.startPeriod !== null && `start period ${seconds(hc.startPeriod)}`,
                  ]
                    .filter(Boolean)
                    .join(' · ') || 'engine defaults'}
                </div>
              </>
            )}
          </KeyValue>
        </KeyValueList>
      </Section>

      <div className="space-y-3">
        <Section title="Ports & volumes">
          <KeyValueList>
            <KeyValue label="Exposed ports" wrap>
              {c.exposedPorts.length ? (
                <span className="flex flex-wrap gap-1" data-testid="config-ports">
                  {c.exposedPorts.map((p) => (
                    <Badge key={p} tone="sky" className="font-mono">
                      {p}
                    </Badge>
                  ))}
                </span>
              ) : (
                <Missing />
              )}
            </KeyValue>
            <KeyValue label="Volumes" mono wrap>
              {c.volumes.length ? (
                <span data-testid="config-volumes">
                  {c.volumes.map((v) => (
                    <div key={v}>{v}</div>
                  ))}
                </span>
              ) : (
                <Missing />
              )}
            </KeyValue>
          </KeyValueList>
        </Section>

        <Section title="Platform">
          <KeyValueList>
            <KeyValue label="OS / arch" mono>
              <span data-testid="config-platform">
                {[c.os, c.architecture, c.variant].filter(Boolean).join('/') || <Missing>unknown</Missing>}
              </span>
            </KeyValue>
            <KeyValue label="Created">
              <span title={d.summary.created}>
                {formatDateTime(d.summary.created)} <span className="text-zinc-500">({formatAgo(d.summary.created, now)})</span>
              </span>
            </KeyValue>
            <KeyValue label="Author">{c.author || <Missing />}</KeyValue>
            <KeyValue label="Built with" mono>
              {c.dockerVersion ? `Docker ${c.dockerVersion}` : <Missing>unknown (BuildKit or another builder)</Missing>}
            </KeyValue>
            <KeyValue label="Parent id" mono>
              {d.summary.parentId ? (
                <CopyText value={d.summary.parentId} what="parent image id">
                  {d.summary.parentId.replace(/^sha256:/, '').slice(0, 12)}
                </CopyText>
              ) : (
                <Missing>none on this host</Missing>
              )}
            </KeyValue>
          </KeyValueList>
        </Section>
      </div>

      <Section
        title={`Environment · ${c.env.length}`}
        actions={masked ? <span className="text-[11px] text-zinc-500">{masked} masked: they look like secrets</span> : undefined}
      >
        <Rows
          testId="config-env"
          empty="No environment variables."
          rows={c.env.map((e) => [
            e.key,
            e.masked ? (
              <span className="inline-flex items-center gap-1.5" data-testid="env-masked">
                <span className="text-zinc-500">{e.value}</span>
                <Badge tone="amber">masked</Badge>
              </span>
            ) : (
              e.value || <Missing>empty</Missing>
            ),
            e.key,
          ])}
        />
      </Section>

      <Section title={`Labels · ${labels.length}`}>
        <Rows testId="config-labels" empty="No labels." rows={labels.map(([k, v]) => [k, v || <Missing>empty</Missing>, k])} />
      </Section>
    </div>
  );
}
