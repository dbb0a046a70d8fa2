'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import type { TagManifestView } from '@/server/contracts/registry-browse';
import { errorMessage } from '../../api';
import { formatBytes, formatDateTime } from '../../format';
import { useEngines } from '../../hosts/use-engines';
import { PullDialog } from '../../images/pull-dialog';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button, buttonClass } from '../../ui/button';
import { Section } from '../../ui/card';
import { Dialog } from '../../ui/dialog';
import { KeyValue, KeyValueList, Missing } from '../../ui/key-value';
import { Menu } from '../../ui/menu';
import { Skeleton } from '../../ui/skeleton';
import { useDeleteManifest, useTagManifest } from './use-browse';
import { useCan } from '@/components/auth/use-can';

const argv = (a: string[] | null) =>
  a && a.length ? a.map((x) => (/[\s"'$\\]/.test(x) || x === '' ? JSON.stringify(x) : x)).join(' ') : null;
const short = (d: string) => d.replace(/^sha256:/, '').slice(0, 12);

function Rows({ rows, empty, testId }: { rows: Array<[string, ReactNode]>; empty: string; testId: string }) {
  if (!rows.length) return <p className="text-zinc-500">{empty}</p>;
  return (
    <table className="w-full table-fixed text-xs" data-testid={testId}>
      <tbody className="divide-y divide-zinc-100">
        {rows.map(([k, v]) => (
          <tr key={k} className="align-top">
            <td className="w-[42%] py-0.5 pr-3 font-mono text-[12px] [overflow-wrap:anywhere] text-zinc-600">{k}</td>
            <td className="py-0.5 font-mono text-[12px] break-all text-zinc-900">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Pull onto a host the user picks (the existing pull dialog, reference filled in). */
function PullToHost({ reference }: { reference: string }) {
  const engines = (useEngines().data ?? []).filter((e) => e.status === 'online');
  const [hostId, setHostId] = useState<string | null>(null);
  return (
    <>
      <Menu
        label="Pull to host…"
        align="end"
        className={buttonClass('secondary', 'sm')}
        trigger={<span>Pull to host…</span>}
        items={
          engines.length
            ? engines.map((e) => ({ label: `Pull to ${e.name}`, onSelect: () => setHostId(e.id) }))
            : [{ label: 'No engine is online', onSelect: () => undefined, disabled: true }]
        }
      />
      {hostId && <PullDialog hostId={hostId} open onClose={() => setHostId(null)} initialRef={reference} />}
    </>
  );
}

function DeleteDialog({
  registryId,
  m,
  sameDigestTags,
  onClose,
  onDeleted,
}: {
  registryId: string;
  m: TagManifestView;
  sameDigestTags: string[];
  onClose: () => void;
  onDeleted: () => void;
}) {
  const del = useDeleteManifest(registryId);
  return (
    <Dialog
      title={`Delete ${m.repo}@${short(m.digest)}?`}
      onClose={onClose}
      dismissOnBackdrop={!del.isPending}
      footer={
        <>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose} disabled={del.isPending} data-autofocus="">
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={del.isPending}
            onClick={() => del.mutate({ repo: m.repo, digest: m.digest }, { onSuccess: onDeleted })}
          >
            Delete digest
          </Button>
        </>
      }
    >
      <div className="space-y-2">
        {del.error && <ErrorAlert testId="delete-error">{errorMessage(del.error)}</ErrorAlert>}
        <p>
          A registry deletes manifests by digest: deleting <span className="font-mono text-[12px] break-all">{m.digest}</span> removes{' '}
          <strong>every tag that points to it</strong>, not only {m.ref}.
        </p>
        {sameDigestTags.length > 1 && (
          <p data-testid="delete-tags">
            Tags on this page with this digest: <span className="font-mono text-[12px]">{sameDigestTags.join(', ')}</span>
          </p>
        )}
        <p className="text-zinc-600">
          Registries whose storage has delete disabled refuse this; Wharf says so. Layers are freed only by the registry&apos;s garbage
          collection.
        </p>
      </div>
    </Dialog>
  );
}

/** One tag: its manifest (an index's platforms), layers with a total, and the image config; pull, deploy, delete. */
export function TagDetail({
  registryId,
  repo,
  tag,
  sameDigestTags,
  onDeleted,
}: {
  registryId: string;
  repo: string;
  tag: string;
  sameDigestTags: (digest: string) => string[];
  onDeleted: () => void;
}) {
  // The platform picked belongs to the tag it was picked on.
  const [picked, setPicked] = useState<{ tag: string; platform: string } | null>(null);
  const platform = picked?.tag === tag ? picked.platform : undefined;
  const q = useTagManifest(registryId, repo, tag, platform);
  const canDelete = useCan('registries.manage');
  const [deleting, setDeleting] = useState(false);
  if (q.error) return <ErrorAlert testId="tag-error">{errorMessage(q.error)}</ErrorAlert>;
  const m = q.data;
  if (!m) return <Skeleton className="h-96 w-full" />;
  const c = m.config;
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  const layerTotal = m.layers.reduce((a, l) => a + l.size, 0);
  const masked = c.env.filter((e) => e.masked).length;

  return (
    <div className="space-y-3" data-testid="tag-detail" data-tag={tag}>
      <div className="flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 shadow-xs">
        <span className="min-w-0 flex-1 truncate font-mono text-[12px]" data-testid="tag-reference" title={m.reference}>
          {m.reference}
        </span>
        <PullToHost reference={m.reference} />
        <Link href={`/deploy?ref=${encodeURIComponent(m.reference)}`} className={buttonClass('primary', 'sm')} data-testid="deploy-link">
          Deploy
        </Link>
        {canDelete && (
          <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={() => setDeleting(true)}>
            Delete…
          </Button>
        )}
      </div>

      <Section title="Manifest">
        <KeyValueList>
          <KeyValue label="Media type" mono>
            <span data-testid="manifest-media-type">{m.mediaType}</span>
          </KeyValue>
          <KeyValue label="Digest" mono title={m.digest}>
            <span data-testid="manifest-digest">{m.digest}</span>
          </KeyValue>
          {m.platforms && (
            <>
              <KeyValue label="Platforms" wrap>
                <span className="flex flex-wrap gap-1" data-testid="manifest-platforms">
                  {m.platforms.map((p) => (
                    <button
                      key={`${p.digest}-${p.os}-${p.architecture}-${p.variant ?? ''}`}
                      type="button"
                      title={`Show the ${p.os}/${p.architecture} image`}
                      aria-pressed={p.digest === m.manifestDigest}
                      onClick={() => setPicked({ tag, platform: `${p.os}/${p.architecture}` })}
                    >
                      <Badge
                        tone={p.digest === m.manifestDigest ? 'sky' : 'zinc'}
                        className="cursor-pointer font-mono hover:ring-1 hover:ring-sky-300"
                      >
                        {[p.os, p.architecture, p.variant].filter(Boolean).join('/')}
                      </Badge>
                    </button>
                  ))}
                </span>
              </KeyValue>
              <KeyValue label="Shown" mono title={m.manifestDigest}>
                {c.os}/{c.architecture} · {short(m.manifestDigest)}
              </KeyValue>
            </>
          )}
          <KeyValue label="Created">{m.created ? formatDateTime(m.created) : <Missing>unknown</Missing>}</KeyValue>
          <KeyValue label="Size">
            <span data-testid="manifest-size">{formatBytes(m.size)}</span> <span className="text-zinc-500">compressed, with config</span>
          </KeyValue>
        </KeyValueList>
      </Section>

      <Section title={`Layers · ${m.layers.length}`}>
        <table className="w-full text-xs" data-testid="layer-table">
          <thead className="text-left text-zinc-500">
            <tr>
              <th className="w-8 py-0.5 font-medium">#</th>
              <th className="py-0.5 font-medium">Digest</th>
              <th className="py-0.5 font-medium">Type</th>
              <th className="py-0.5 text-right font-medium">Size</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {m.layers.map((l, i) => (
              <tr key={`${l.digest}-${i}`} data-testid="layer-row">
                <td className="py-0.5 text-zinc-500">{i + 1}</td>
                <td className="py-0.5 font-mono text-[12px]" title={l.digest}>
                  {short(l.digest)}
                </td>
                <td className="truncate py-0.5 text-zinc-500">{l.mediaType.replace(/^application\/vnd\./, '')}</td>
                <td className="py-0.5 text-right tabular-nums">{formatBytes(l.size)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-zinc-200 font-medium">
              <td />
              <td className="py-0.5" colSpan={2}>
                Total
              </td>
              <td className="py-0.5 text-right tabular-nums" data-testid="layer-total">
                {formatBytes(layerTotal)}
              </td>
            </tr>
          </tfoot>
        </table>
      </Section>

      <Section title="Config">
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
            {c.volumes.length ? <span data-testid="config-volumes">{c.volumes.join(', ')}</span> : <Missing />}
          </KeyValue>
          <KeyValue label="Platform" mono>
            {[c.os, c.architecture, c.variant].filter(Boolean).join('/')}
          </KeyValue>
        </KeyValueList>
      </Section>

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
              <span className="inline-flex items-center gap-1.5">
                <span className="text-zinc-500">{e.value}</span>
                <Badge tone="amber">masked</Badge>
              </span>
            ) : (
              e.value || <Missing>empty</Missing>
            ),
          ])}
        />
      </Section>

      <Section title={`Labels · ${labels.length}`}>
        <Rows testId="config-labels" empty="No labels." rows={labels.map(([k, v]) => [k, v || <Missing>empty</Missing>])} />
      </Section>

      {deleting && (
        <DeleteDialog
          registryId={registryId}
          m={m}
          sameDigestTags={sameDigestTags(m.digest)}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            onDeleted();
          }}
        />
      )}
    </div>
  );
}
