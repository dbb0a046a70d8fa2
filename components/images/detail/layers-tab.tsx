'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { ImageDetail, ImageLayer, ImageStep } from '@/server/contracts/images';
import { formatAgo, formatDateTime } from '../../format';
import { Section } from '../../ui/card';
import { cn } from '../../ui/cn';
import { imageHref } from '../links';
import { CopyText } from './copy-text';
import { byKinship, imageLabel, relatives, sharingFigures, shortDigest, sizeText, type Relation } from './image-view';
import { layoutInstruction, shortenDigests } from './instruction';

// One hue for layers other images also hold, one for the image's own; two shades each so neighbours part.
const SHARED = ['bg-sky-500', 'bg-sky-400'];
const OWN = ['bg-amber-500', 'bg-amber-400'];
const HOT = 'ring-2 ring-zinc-900 ring-inset';

type Rel = ReturnType<typeof relatives>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The layers of an image: a bar of their sizes, what it shares with whom, and its history step by step. */
export function LayersTab({ d, now }: { d: ImageDetail; now: number }) {
  // The layer under the pointer, in the bar or the table: both show it.
  const [hot, setHot] = useState<number | null>(null);
  const rel = useMemo(() => relatives(d), [d]);
  const unmatched = d.layers.map((l, i) => ({ l, i })).filter(({ l }) => l.step === null);
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_27rem]">
        <LayerBar d={d} hot={hot} setHot={setHot} />
        <SharedWith d={d} rel={rel} />
      </div>
      <History d={d} rel={rel} now={now} hot={hot} setHot={setHot} />
      {unmatched.length > 0 && <UnmatchedLayers layers={unmatched} />}
    </div>
  );
}

function LayerBar({ d, hot, setHot }: { d: ImageDetail; hot: number | null; setHot: (i: number | null) => void }) {
  const { shared, own } = sharingFigures(d.layers);
  const known = d.layers.every((l) => l.size !== null);
  const sharedCount = d.layers.filter((l) => l.sharedWith.length).length;
  const hotLayer = hot === null ? null : d.layers[hot];
  const hotStep = hotLayer?.step != null ? d.steps[hotLayer.step] : undefined;
  return (
    <Section title={`Layer sizes · ${plural(d.layers.length, 'layer')}, bottom to top`}>
      {d.layers.length === 0 ? (
        <p className="text-zinc-500">This image has no filesystem layers (only configuration).</p>
      ) : (
        <>
          <div
            className="flex h-7 w-full overflow-hidden rounded border border-zinc-200 bg-zinc-50"
            data-testid="layer-bar"
            onMouseLeave={() => setHot(null)}
          >
            {d.layers.map((l, i) => {
              const isShared = l.sharedWith.length > 0;
              const tone = (isShared ? SHARED : OWN)[i % 2];
              const step = l.step !== null ? d.steps[l.step] : undefined;
              return (
                <button
                  key={l.chainId}
                  type="button"
                  data-testid="layer-segment"
                  data-shared={isShared ? 'true' : 'false'}
                  aria-label={`Layer ${i + 1}: ${sizeText(l.size)}, ${isShared ? 'shared' : 'own'}`}
                  title={`L${i + 1} · ${sizeText(l.size)} · ${isShared ? `shared with ${plural(l.sharedWith.length, 'image')}` : 'own'}\n${step?.createdBy || step?.comment || ''}`}
                  className={cn(
                    'h-full min-w-[4px] border-r border-white last:border-r-0',
                    l.size === null ? 'bg-zinc-300' : tone,
                    hot === i && HOT,
                  )}
                  style={{ flexGrow: known ? Math.max(l.size ?? 0, 0) : 1, flexBasis: 0 }}
                  onMouseEnter={() => setHot(i)}
                  onFocus={() => setHot(i)}
                  onBlur={() => setHot(null)}
                  onClick={() => document.getElementById(`layer-row-${i}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' })}
                />
              );
            })}
          </div>
          <div className="mt-1.5 flex min-h-5 flex-wrap items-center gap-x-4 gap-y-1 text-xs" data-testid="layer-legend">
            <span className="inline-flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm bg-sky-500" aria-hidden />
              shared <strong className="tabular-nums">{shared === null ? 'unknown' : sizeText(shared)}</strong>
              <span className="text-zinc-500">({plural(sharedCount, 'layer')})</span>
            </span>
            <span className="inline-flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm bg-amber-500" aria-hidden />
              own <strong className="tabular-nums">{own === null ? 'unknown' : sizeText(own)}</strong>
              <span className="text-zinc-500">({plural(d.layers.length - sharedCount, 'layer')})</span>
            </span>
            {!known && <span className="text-zinc-500">Some layer sizes are unknown: the history does not line up with the layers.</span>}
            <span className="ml-auto min-w-0 truncate font-mono text-[11px] text-zinc-600" aria-live="polite">
              {hotLayer
                ? `L${hot! + 1} · ${sizeText(hotLayer.size)} · ${hotStep ? shortenDigests(hotStep.createdBy) || hotStep.comment || 'no instruction recorded' : 'step unknown'}`
                : ''}
            </span>
          </div>
        </>
      )}
    </Section>
  );
}

const RELATION_LABEL: Record<Relation, string> = { base: 'base', derived: 'built on it' };

function SharedWith({ d, rel }: { d: ImageDetail; rel: Rel }) {
  const images = byKinship(sharingFigures(d.layers).images, rel);
  const [all, setAll] = useState(false);
  const shown = all ? images : images.slice(0, 6);
  return (
    <Section title={`Shares layers with · ${plural(images.length, 'image')}`} bodyClassName="px-0 py-1">
      {images.length === 0 ? (
        <p className="px-3 py-1 text-zinc-500">No other image on this host holds any of its layers.</p>
      ) : (
        <ul className="text-xs" data-testid="shares-with">
          {shown.map((s) => (
            <li
              key={s.id}
              className="flex items-center gap-2 px-3 py-0.5 hover:bg-zinc-50"
              data-testid="shares-with-image"
              data-image={imageLabel(s)}
            >
              <Link
                href={imageHref(d.summary.hostId, s.id)}
                className="min-w-0 truncate font-mono text-[12px] text-sky-800 hover:underline"
                title={s.tags.join('\n') || s.id}
              >
                {imageLabel(s)}
              </Link>
              {rel.has(s.id) && (
                <span className="shrink-0 rounded bg-zinc-100 px-1 text-[10px] text-zinc-600" data-testid="relation">
                  {RELATION_LABEL[rel.get(s.id)!.relation]}
                </span>
              )}
              <span className="ml-auto shrink-0 tabular-nums text-zinc-500">
                {s.layers} of {d.layers.length} layers · {s.bytes === null ? 'size unknown' : sizeText(s.bytes)}
              </span>
            </li>
          ))}
          {images.length > shown.length && (
            <li className="px-3 py-0.5">
              <button type="button" className="text-sky-700 hover:underline" onClick={() => setAll(true)}>
                {images.length - shown.length} more
              </button>
            </li>
          )}
        </ul>
      )}
    </Section>
  );
}

function History({
  d,
  rel,
  now,
  hot,
  setHot,
}: {
  d: ImageDetail;
  rel: Rel;
  now: number;
  hot: number | null;
  setHot: (i: number | null) => void;
}) {
  // `docker history` lists the newest step first: the top of the stack on top.
  const [newestFirst, setNewestFirst] = useState(true);
  const rows = d.steps.map((s, i) => ({ s, i }));
  if (newestFirst) rows.reverse();
  const metadata = d.steps.filter((s) => s.empty).length;
  return (
    <Section
      title={`History · ${plural(d.steps.length, 'step')}, ${metadata} metadata-only`}
      bodyClassName="p-0"
      actions={
        <div className="flex rounded-md border border-zinc-300 text-xs" role="group" aria-label="Order">
          {[true, false].map((v) => (
            <button
              key={String(v)}
              type="button"
              aria-pressed={newestFirst === v}
              onClick={() => setNewestFirst(v)}
              className={cn(
                'px-2 py-0.5 first:rounded-l-md last:rounded-r-md',
                newestFirst === v ? 'bg-zinc-800 text-white' : 'text-zinc-600 hover:bg-zinc-100',
              )}
            >
              {v ? 'Newest first' : 'Oldest first'}
            </button>
          ))}
        </div>
      }
    >
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[40rem] table-fixed text-xs" data-testid="image-history">
          <colgroup>
            <col className="w-[9.5rem]" />
            <col />
            <col className="w-[5rem]" />
            <col className="w-[5.5rem]" />
            <col className="w-[22rem]" />
          </colgroup>
          <thead>
            <tr className="border-b border-zinc-200 text-left text-zinc-500">
              <th className="px-3 py-1 font-medium">Layer</th>
              <th className="py-1 pr-3 pl-1 font-medium">Instruction</th>
              <th className="py-1 pr-3 text-right font-medium">Size</th>
              <th className="py-1 pr-3 font-medium">Created</th>
              <th className="py-1 pr-3 font-medium">Shared with</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map(({ s, i }) => (
              <StepRow key={i} d={d} rel={rel} s={s} now={now} hot={hot} setHot={setHot} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function StepRow({
  d,
  rel,
  s,
  now,
  hot,
  setHot,
}: {
  d: ImageDetail;
  rel: Rel;
  s: ImageStep;
  now: number;
  hot: number | null;
  setHot: (i: number | null) => void;
}) {
  const layer = s.layer !== null ? d.layers[s.layer] : undefined;
  const unknown = !s.empty && s.layer === null;
  const isHot = s.layer !== null && hot === s.layer;
  return (
    <tr
      id={s.layer !== null ? `layer-row-${s.layer}` : undefined}
      data-testid="image-step"
      data-empty={s.empty ? 'true' : 'false'}
      data-layer={s.layer ?? ''}
      className={cn('align-top', s.empty && 'text-zinc-400', isHot && 'bg-sky-50')}
      onMouseEnter={() => setHot(s.layer)}
      onMouseLeave={() => setHot(null)}
    >
      <td className="px-3 py-1">
        {layer ? (
          <span className="flex items-center gap-1.5">
            <span className={cn('size-2 shrink-0 rounded-sm', layer.sharedWith.length ? 'bg-sky-500' : 'bg-amber-500')} aria-hidden />
            <span className="font-medium text-zinc-700 tabular-nums">L{s.layer! + 1}</span>
            <CopyText value={layer.diffId} what="layer digest" className="text-[11px] text-zinc-500">
              <span data-testid="layer-digest">{shortDigest(layer.diffId)}</span>
            </CopyText>
          </span>
        ) : unknown ? (
          <span className="text-zinc-500" title="The history does not say whether this step made a layer">
            layer unknown
          </span>
        ) : (
          <span className="italic" data-testid="no-layer">
            no layer
          </span>
        )}
      </td>
      <td className="py-1 pr-3 pl-1">
        <Instruction s={s} />
      </td>
      <td className="py-1 pr-3 text-right tabular-nums whitespace-nowrap" title={`${s.size} bytes`}>
        {s.empty ? '—' : sizeText(s.size)}
      </td>
      <td className="py-1 pr-3 whitespace-nowrap" title={formatDateTime(s.created)}>
        {s.created ? formatAgo(s.created, now) : '—'}
      </td>
      <td className="py-1 pr-3">{layer ? <SharedChips hostId={d.summary.hostId} layer={layer} rel={rel} /> : null}</td>
    </tr>
  );
}

function Instruction({ s }: { s: ImageStep }) {
  const { keyword, lines } = layoutInstruction(s.createdBy);
  const [first, ...rest] = lines;
  return (
    <div className="min-w-0" title={s.rawCreatedBy || undefined} data-testid="step-instruction">
      {keyword || first ? (
        <div className="font-mono text-[12px] leading-[18px] whitespace-pre-wrap [overflow-wrap:anywhere]">
          {keyword && <span className={cn('font-semibold', s.empty ? 'text-zinc-400' : 'text-sky-800')}>{keyword} </span>}
          {first?.text}
          {rest.map((l, j) => (
            <div key={j} className="pl-4 -indent-0">
              {l.op && <span className="text-zinc-400">{l.op} </span>}
              {l.text}
            </div>
          ))}
        </div>
      ) : (
        <span className="text-zinc-500 italic">no instruction recorded (an imported filesystem or a commit)</span>
      )}
      {s.comment && <div className="text-[11px] text-zinc-500">{s.comment}</div>}
    </div>
  );
}

function SharedChips({ hostId, layer, rel }: { hostId: string; layer: ImageLayer; rel: Rel }) {
  const [all, setAll] = useState(false);
  const n = layer.sharedWith.length;
  if (!n)
    return (
      <span className="text-amber-700" data-testid="layer-own">
        own
      </span>
    );
  // The image's own bases first: the chip that says where a layer comes from.
  const ordered = byKinship(layer.sharedWith, rel);
  const shown = all ? ordered : ordered.slice(0, 3);
  return (
    <div className="flex flex-wrap items-center gap-1" data-testid="layer-shared" data-count={n}>
      <span className="text-sky-800">{plural(n, 'image')}:</span>
      {shown.map((s) => (
        <Link
          key={s.id}
          href={imageHref(hostId, s.id)}
          title={`${s.tags.join('\n') || s.id}${rel.get(s.id)?.relation === 'base' ? '\n(a base of this image)' : ''}`}
          className="max-w-[16rem] truncate rounded bg-sky-50 px-1.5 font-mono text-[11px] leading-4 text-sky-900 ring-1 ring-sky-600/20 ring-inset hover:bg-sky-100"
          data-testid="shared-image"
        >
          {imageLabel(s)}
        </Link>
      ))}
      {n > shown.length && (
        <button type="button" className="text-[11px] text-sky-700 hover:underline" onClick={() => setAll(true)}>
          +{n - shown.length} more
        </button>
      )}
    </div>
  );
}

function UnmatchedLayers({ layers }: { layers: Array<{ l: ImageLayer; i: number }> }) {
  return (
    <Section title={`Layers the history does not account for · ${layers.length}`}>
      <p className="mb-1 text-xs text-zinc-500">
        The history of this image does not line up with its layers (a squashed or hand-made image), so Wharf does not guess which step made
        these.
      </p>
      <ul className="space-y-0.5 text-xs">
        {layers.map(({ l, i }) => (
          <li key={l.chainId} className="flex items-center gap-3">
            <span className="w-8 font-medium text-zinc-700">L{i + 1}</span>
            <CopyText value={l.diffId} what="layer digest">
              {shortDigest(l.diffId)}
            </CopyText>
            <span className="text-zinc-500">{sizeText(l.size)}</span>
            <span className="text-zinc-500">{l.sharedWith.length ? `shared with ${plural(l.sharedWith.length, 'image')}` : 'own'}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
