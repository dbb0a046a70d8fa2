'use client';

import Link from 'next/link';
import { memo } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import { shortImageId, type ImageSummary } from '@/server/contracts/images';
import { STATE_TONE } from '../../containers/container-model';
import { formatAgo, formatBytes, formatDateTime } from '../../format';
import { cn } from '../../ui/cn';
import { toast } from '../../ui/toast';
import { ImageActions } from '../image-actions';
import { imageHref } from '../links';
import { ownSize, type ImageRow } from './list-model';

const DOT: Record<string, string> = {
  green: 'bg-emerald-500',
  amber: 'bg-amber-500',
  sky: 'bg-sky-500',
  zinc: 'bg-zinc-400',
  red: 'bg-red-500',
};

/** Sizes as the list shows them: "0 B" is a real zero, "…" means the layers are not read yet. */
export function SizeCell({ bytes, testId, folds }: { bytes: number | null; testId?: string; folds?: boolean }) {
  return (
    <td
      className={cn('truncate border-b border-zinc-100 px-2 text-right text-xs text-zinc-700 tabular-nums', folds && 'max-lg:hidden')}
      data-testid={testId}
    >
      {bytes === null ? (
        <span className="text-zinc-400" title="Reading this image's layers…">
          …
        </span>
      ) : bytes === 0 ? (
        '0 B'
      ) : (
        formatBytes(bytes)
      )}
    </td>
  );
}

function Tags({ image }: { image: ImageSummary }) {
  const href = imageHref(image.hostId, image.id);
  if (!image.tags.length)
    return (
      <Link href={href} className="font-mono text-[12px] text-zinc-500 italic hover:text-sky-700 hover:underline" title={image.id}>
        &lt;none&gt;
      </Link>
    );
  const [first, ...rest] = image.tags;
  return (
    <span className="flex min-w-0 items-center gap-1.5 overflow-hidden" title={image.tags.join('\n')}>
      <Link href={href} className="max-w-full shrink-0 truncate font-medium text-zinc-900 hover:text-sky-700 hover:underline">
        {first}
      </Link>
      {rest.map((t) => (
        <span key={t} className="min-w-8 truncate rounded bg-zinc-100 px-1 font-mono text-[11px] text-zinc-600" data-testid="extra-tag">
          {t}
        </span>
      ))}
    </span>
  );
}

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    toast({ tone: 'success', title: 'Copied', message: <span className="font-mono text-xs break-all">{text}</span> });
  } catch {
    toast({
      tone: 'error',
      title: 'Copy failed',
      message: 'The browser refused the clipboard here; select the text in the tooltip instead.',
    });
  }
}

function Digests({ digests }: { digests: string[] }) {
  if (!digests.length) return <span className="text-zinc-300">—</span>;
  const hash = digests[0]!.slice(digests[0]!.indexOf('@') + 1);
  return (
    <span className="flex min-w-0 items-center gap-1" title={digests.join('\n')}>
      <button
        type="button"
        onClick={() => void copy(digests[0]!)}
        className="truncate font-mono text-[11px] text-zinc-600 hover:text-sky-700"
        aria-label={`Copy ${digests[0]}`}
        data-testid="digest"
      >
        {hash.slice(0, 19)}…
      </button>
      {digests.length > 1 && <span className="shrink-0 text-[11px] text-zinc-400">+{digests.length - 1}</span>}
    </span>
  );
}

function Users({ users }: { users: ContainerSummary[] }) {
  if (!users.length) return <span className="text-zinc-300">0</span>;
  return (
    <span
      className="flex items-center gap-1.5"
      title={users.map((c) => `${c.name} (${c.state})`).join('\n')}
      data-testid="image-users-cell"
      data-names={users.map((c) => c.name).join(' ')}
    >
      <span className="text-xs text-zinc-700 tabular-nums">{users.length}</span>
      <span className="flex items-center gap-0.5" aria-hidden>
        {users.slice(0, 6).map((c) => (
          <span key={c.id} className={cn('size-1.5 rounded-full', DOT[STATE_TONE[c.state]])} />
        ))}
        {users.length > 6 && <span className="text-[10px] text-zinc-400">…</span>}
      </span>
    </span>
  );
}

/** One image: select box, names (every tag), id, digest, sizes, age, the containers made from it, its menu. */
export const ImageRowView = memo(function ImageRowView({
  row,
  showHost,
  now,
  selected,
  onToggle,
  offline,
  selectable,
}: {
  row: ImageRow;
  showHost: boolean;
  now: number;
  selected: boolean;
  onToggle: (key: string) => void;
  offline: boolean;
  /** The user may act on a selection (remove, save). */
  selectable: boolean;
}) {
  const { image } = row;
  const name = image.tags[0] ?? shortImageId(image.id);
  return (
    <tr
      data-testid="image-row"
      data-id={image.id}
      data-host-id={image.hostId}
      data-tags={image.tags.join(' ')}
      aria-selected={selected}
      className={cn('group h-[34px]', selected ? 'bg-sky-50/70' : 'hover:bg-zinc-50', offline && 'opacity-60')}
    >
      <td className="border-b border-zinc-100 pl-2.5">
        {selectable && (
          <input
            type="checkbox"
            aria-label={`Select ${name}`}
            className="size-3.5 accent-sky-700"
            checked={selected}
            onChange={() => onToggle(row.key)}
          />
        )}
      </td>
      <td className="border-b border-zinc-100 px-2 max-lg:leading-4">
        <Tags image={image} />
        <div className="truncate text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
          {[shortImageId(image.id), formatAgo(image.created, now), showHost ? row.hostName : ''].filter(Boolean).join(' · ')}
        </div>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 font-mono text-[11px] text-zinc-500 max-lg:hidden" title={image.id}>
        {shortImageId(image.id)}
      </td>
      <td className="border-b border-zinc-100 px-2 max-lg:hidden">
        <Digests digests={image.digests} />
      </td>
      <SizeCell bytes={image.size} testId="image-size" />
      <SizeCell bytes={image.sharedSize} testId="image-shared" folds />
      <SizeCell bytes={ownSize(image)} testId="image-own" folds />
      <td className="truncate border-b border-zinc-100 px-2 text-xs text-zinc-500 max-lg:hidden" title={formatDateTime(image.created)}>
        {formatAgo(image.created, now)}
      </td>
      <td className="border-b border-zinc-100 px-2">
        <Users users={row.users} />
      </td>
      {showHost && (
        <td className="truncate border-b border-zinc-100 px-2 text-zinc-700 max-lg:hidden" title={row.hostName}>
          {row.hostName}
        </td>
      )}
      <td className="border-b border-zinc-100 pr-1.5 text-right">
        <ImageActions image={image} variant="row" />
      </td>
    </tr>
  );
});
