'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { shortImageId, type FamilyNode, type ImageDetail } from '@/server/contracts/images';
import { formatAgo, formatDateTime } from '../../format';
import { Badge } from '../../ui/badge';
import { Section } from '../../ui/card';
import { cn } from '../../ui/cn';
import { imageHref } from '../links';
import { familySize, imageLabel, relatives } from './image-view';

/** Beyond this many children a node shows the ones on this image's line and the first few others. */
const MANY = 12;

/** The images built on one another that this one belongs to, as a tree from the oldest ancestor on the host. */
export function FamilyTab({ d, now }: { d: ImageDetail; now: number }) {
  const size = familySize(d.family);
  // This image and its bases: the line from the root that stays shown when a node has many children.
  const line = useMemo(() => {
    const ids = new Set([d.summary.id]);
    for (const [id, r] of relatives(d)) if (r.relation === 'base') ids.add(id);
    return ids;
  }, [d]);
  return (
    <Section title={`Family · ${size} ${size === 1 ? 'image' : 'images'}`} className="max-w-4xl">
      <p className="mb-2 text-xs text-zinc-500">
        An image sits under another when its layers and its history start with the other&apos;s: it was built{' '}
        <span className="font-mono">FROM</span> it. Images built on the same base are siblings.
      </p>
      {!d.family ? (
        <p className="text-zinc-500">The layers of the images on this host are still being read.</p>
      ) : (
        <>
          <ul role="tree" aria-label="Image family" data-testid="family-tree">
            <Node node={d.family} hostId={d.summary.hostId} current={d.summary.id} line={line} now={now} depth={0} />
          </ul>
          {size === 1 && <p className="mt-2 text-xs text-zinc-500">No other image on this host is built on this one, or is its base.</p>}
        </>
      )}
    </Section>
  );
}

function Node({
  node,
  hostId,
  current,
  line,
  now,
  depth,
}: {
  node: FamilyNode;
  hostId: string;
  current: string;
  line: Set<string>;
  now: number;
  depth: number;
}) {
  const here = node.id === current;
  const [all, setAll] = useState(false);
  const many = !all && node.children.length > MANY;
  const kids = many ? node.children.filter((c, i) => line.has(c.id) || i < MANY - 2) : node.children;
  return (
    <li
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={here}
      aria-expanded={node.children.length ? true : undefined}
      data-testid="family-node"
      data-image={node.tags[0] ?? shortImageId(node.id)}
      data-depth={depth}
      data-current={here ? 'true' : 'false'}
    >
      <div
        className={cn(
          'flex items-center gap-3 rounded px-2 py-1 text-xs',
          here ? 'bg-sky-50 ring-1 ring-sky-600/30 ring-inset' : 'hover:bg-zinc-50',
        )}
      >
        <span className="flex min-w-0 flex-wrap items-center gap-1.5">
          {here ? (
            <span className="font-mono text-[12px] font-semibold text-zinc-900">{node.tags[0] ?? '<none>'}</span>
          ) : (
            <Link href={imageHref(hostId, node.id)} className="font-mono text-[12px] font-medium text-sky-800 hover:underline">
              {node.tags[0] ?? '<none>'}
            </Link>
          )}
          {node.tags.slice(1).map((t) => (
            <span key={t} className="rounded bg-zinc-100 px-1 font-mono text-[11px] text-zinc-600">
              {t}
            </span>
          ))}
          {here && <Badge tone="sky">this image</Badge>}
        </span>
        <span className="ml-auto flex shrink-0 items-center gap-3 text-zinc-500 tabular-nums">
          <span className="font-mono text-[11px]" title={node.id}>
            {shortImageId(node.id)}
          </span>
          <span className="w-16 text-right">
            {node.layerCount} {node.layerCount === 1 ? 'layer' : 'layers'}
          </span>
          <span className="w-20 text-right" title={formatDateTime(node.created)}>
            {formatAgo(node.created, now)}
          </span>
        </span>
      </div>
      {node.children.length > 0 && (
        <ul role="group" className="ml-3 border-l border-zinc-200 pl-3">
          {kids.map((c) => (
            <Node key={c.id} node={c} hostId={hostId} current={current} line={line} now={now} depth={depth + 1} />
          ))}
          {many && (
            <li className="px-2 py-0.5">
              <button type="button" className="text-xs text-sky-700 hover:underline" onClick={() => setAll(true)}>
                {node.children.length - kids.length} more built on {imageLabel(node)}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
