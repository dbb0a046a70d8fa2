'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { ImageSummary } from '@/server/contracts/images';
import { errorMessage } from '../api';
import { useCan } from '../auth/use-can';
import { Button, buttonClass } from '../ui/button';
import { Menu, MENU_BUTTON, type MenuItem } from '../ui/menu';
import { toast } from '../ui/toast';
import { imagesHref } from './links';
import { imageName, isLastTag, untagImage } from './use-image-admin';

// The dialogs load on first use, not with the list.
const TagDialog = dynamic(() => import('./image-admin-dialogs').then((m) => m.TagDialog), { ssr: false });
const UntagLastDialog = dynamic(() => import('./image-admin-dialogs').then((m) => m.UntagLastDialog), { ssr: false });
const RemoveImageDialog = dynamic(() => import('./image-admin-dialogs').then((m) => m.RemoveImageDialog), { ssr: false });
const PushDialog = dynamic(() => import('./push-dialog').then((m) => m.PushDialog), { ssr: false });
const SaveImagesDialog = dynamic(() => import('./archive-dialogs').then((m) => m.SaveImagesDialog), { ssr: false });

type Open = { kind: 'tag' | 'push' | 'save' | 'remove' } | { kind: 'untag-last'; tag: string } | null;

/** Where "Run" goes: the create form with this image and host filled in. */
export const runHref = (image: ImageSummary) =>
  `/containers/new?host=${encodeURIComponent(image.hostId)}&image=${encodeURIComponent(image.tags[0] ?? image.id)}`;

/** Where "Deploy" goes: the deploy form pre-filled from this image's config. */
export const deployHref = (image: ImageSummary) =>
  `/deploy?host=${encodeURIComponent(image.hostId)}&image=${encodeURIComponent(image.tags[0] ?? image.id)}`;

/** Tag, untag, push, save, remove for one image: a row's menu or the image page's header. */
export function ImageActions({ image, variant }: { image: ImageSummary; variant: 'row' | 'page' }) {
  const router = useRouter();
  const canManage = useCan('images.manage', image.hostId);
  const canSave = useCan('files.read', image.hostId);
  const canRun = useCan('containers.manage', image.hostId);
  const [open, setOpen] = useState<Open>(null);
  const [untagging, setUntagging] = useState<string | null>(null);
  // On its own page, an image that is gone leaves nothing to show: back to the host's images.
  const onGone = variant === 'page' ? () => router.push(imagesHref(image.hostId)) : undefined;

  const untag = async (tag: string) => {
    if (isLastTag(image, tag)) return setOpen({ kind: 'untag-last', tag });
    setUntagging(tag);
    try {
      await untagImage(image.hostId, tag, false);
      toast({ tone: 'success', title: `Untagged ${tag}` });
    } catch (err) {
      toast({ tone: 'error', title: `Untag ${tag} failed`, message: errorMessage(err) });
    } finally {
      setUntagging(null);
    }
  };
  const untagItems: MenuItem[] = image.tags.map((t) => ({
    label: `Untag ${t}`,
    onSelect: () => void untag(t),
    pending: untagging === t,
  }));

  const close = () => setOpen(null);
  // Portalled: inside a table cell the dialogs would inherit its alignment. Rendered only after a click, so on the client.
  const dialogs =
    open &&
    createPortal(
      <>
        {open.kind === 'tag' && <TagDialog image={image} onClose={close} />}
        {open.kind === 'untag-last' && <UntagLastDialog image={image} tag={open.tag} onClose={close} onDeleted={onGone} />}
        {open.kind === 'remove' && <RemoveImageDialog image={image} onClose={close} onRemoved={onGone} />}
        {open.kind === 'push' && <PushDialog image={image} open onClose={close} />}
        {open.kind === 'save' && <SaveImagesDialog hostId={image.hostId} images={[image]} open onClose={close} />}
      </>,
      document.body,
    );

  if (variant === 'row') {
    const rowItems: MenuItem[] = [
      ...(canManage ? [{ label: 'Tag…', onSelect: () => setOpen({ kind: 'tag' }) }, ...untagItems] : []),
      ...(canManage ? [{ label: 'Push…', onSelect: () => setOpen({ kind: 'push' }), separatorBefore: true }] : []),
      ...(canSave ? [{ label: 'Save…', onSelect: () => setOpen({ kind: 'save' }) }] : []),
      ...(canRun
        ? [
            { label: 'Run…', onSelect: () => router.push(runHref(image)) },
            { label: 'Deploy…', onSelect: () => router.push(deployHref(image)) },
          ]
        : []),
      ...(canManage ? [{ label: 'Remove…', onSelect: () => setOpen({ kind: 'remove' }), danger: true, separatorBefore: true }] : []),
    ];
    if (!rowItems.length) return null;
    return (
      <>
        <Menu label={`Actions for ${imageName(image)}`} items={rowItems} />
        {dialogs}
      </>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="image-actions">
      {canManage && (
        <Button size="sm" onClick={() => setOpen({ kind: 'tag' })}>
          Tag
        </Button>
      )}
      {canManage && image.tags.length === 1 && (
        <Button size="sm" pending={untagging !== null} onClick={() => void untag(image.tags[0]!)}>
          Untag
        </Button>
      )}
      {canManage && image.tags.length > 1 && (
        <Menu label="Untag" items={untagItems} align="start" className={MENU_BUTTON} trigger={<span>Untag ▾</span>} />
      )}
      {canManage && (
        <Button size="sm" onClick={() => setOpen({ kind: 'push' })}>
          Push
        </Button>
      )}
      {canSave && (
        <Button size="sm" onClick={() => setOpen({ kind: 'save' })}>
          Save
        </Button>
      )}
      {canRun && (
        <>
          <Link href={runHref(image)} className={buttonClass('secondary', 'sm')}>
            Run
          </Link>
          <Link href={deployHref(image)} className={buttonClass('secondary', 'sm')}>
            Deploy
          </Link>
        </>
      )}
      {canManage && (
        <Button size="sm" variant="secondary" className="text-red-700" onClick={() => setOpen({ kind: 'remove' })}>
          Remove
        </Button>
      )}
      {dialogs}
    </div>
  );
}
