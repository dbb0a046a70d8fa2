'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import { parseImageRef, shortImageId, type ImageSummary } from '@/server/contracts/images';
import { errorMessage, fieldErrors } from '../api';
import { containerHref } from '../containers/container-model';
import { StateBadge } from '../containers/state-badge';
import { formatBytes } from '../format';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Checkbox, controlProps, Field, Input } from '../ui/field';
import { FormDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';
import { imageName, removeImage, tagImage, untagImage, useImageUsers } from './use-image-admin';

// The dialogs of image administration: tag, untag the last tag (which deletes the image), remove.
// Each shows the server's refusal in its own words and stays open on it.

/** The containers made from an image, each with its state and a link. */
export function ImageUsersList({ users }: { users: ContainerSummary[] }) {
  return (
    <ul className="max-h-32 space-y-0.5 overflow-auto" data-testid="image-users">
      {users.map((c) => (
        <li key={c.id} className="flex items-center gap-2">
          <StateBadge state={c.state} />
          <Link href={containerHref(c.hostId, c.id)} className="truncate font-medium text-zinc-800 hover:text-sky-700 hover:underline">
            {c.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function TagDialog({ image, onClose }: { image: ImageSummary; onClose: () => void }) {
  const first = image.tags[0] ? parseImageRef(image.tags[0]) : null;
  const [repo, setRepo] = useState(first?.repository ?? '');
  const [tag, setTag] = useState('latest');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const r = await tagImage(image.hostId, image.id, { repo: repo.trim(), tag: tag.trim() || 'latest' });
      toast({
        tone: 'success',
        title: `Tagged as ${r.ref}`,
        message: r.movedFrom ? `The tag moved from image ${shortImageId(r.movedFrom)}.` : undefined,
      });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <FormDialog
      title={`Tag ${imageName(image)}`}
      description="Adds a name to this image. A name another image has moves to this one."
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel="Tag"
      pending={pending}
      submitDisabled={!repo.trim()}
      className="space-y-3"
    >
      <div className="flex gap-2">
        <Field id="tag-repo" label="Repository" error={fields.repo} className="flex-1" hint="e.g. team/app or 127.0.0.1:5000/app">
          <Input
            {...controlProps('tag-repo', fields.repo, true)}
            data-autofocus
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
        <Field id="tag-tag" label="Tag" error={fields.tag} className="w-36">
          <Input
            {...controlProps('tag-tag', fields.tag)}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
      </div>
      {image.tags.length > 0 && (
        <p className="text-xs text-zinc-500">
          Now: <span className="font-mono text-zinc-700">{image.tags.join(', ')}</span>
        </p>
      )}
      {error != null && !fields.repo && !fields.tag && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
    </FormDialog>
  );
}

/** Confirms untagging the image's last tag: the engine deletes the image with it. */
export function UntagLastDialog({
  image,
  tag,
  onClose,
  onDeleted,
}: {
  image: ImageSummary;
  tag: string;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const users = useImageUsers(image);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      const r = await untagImage(image.hostId, tag, true);
      toast({ tone: 'success', title: r.imageDeleted ? `Untagged ${tag} and deleted the image` : `Untagged ${tag}` });
      onClose();
      if (r.imageDeleted) onDeleted?.();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      title={`Untag ${tag}?`}
      description={`It is the last tag of image ${shortImageId(image.id)} (${formatBytes(image.size)}): untagging it deletes the image.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => void confirm()}>
            Untag and delete image
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      {users.length > 0 && (
        <div className="mb-2 space-y-1">
          <p className="text-zinc-700">Containers made from it (the engine keeps an image they use):</p>
          <ImageUsersList users={users} />
        </div>
      )}
      {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
    </Dialog>
  );
}

export function RemoveImageDialog({ image, onClose, onRemoved }: { image: ImageSummary; onClose: () => void; onRemoved?: () => void }) {
  const users = useImageUsers(image);
  const [force, setForce] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = users.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await removeImage(image.hostId, image.id, force);
      toast({ tone: 'success', title: `Removed ${imageName(image)}` });
      onClose();
      onRemoved?.();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      title={`Remove ${imageName(image)}?`}
      description={
        <>
          Image <span className="font-mono">{shortImageId(image.id)}</span> ({formatBytes(image.size)})
          {image.tags.length > 1 ? ` and its ${image.tags.length} tags` : ''} is deleted; layers other images hold stay.
        </>
      }
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => void confirm()}>
            Remove image
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <div className="space-y-2">
        {image.tags.length > 1 && <p className="font-mono text-[12px] text-zinc-600">{image.tags.join(', ')}</p>}
        {users.length > 0 && (
          <div className="space-y-1 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            <p>
              Used by {users.length === 1 ? 'a container' : `${users.length} containers`}
              {running.length ? '; force does not delete an image a running container uses' : ''}:
            </p>
            <ImageUsersList users={users} />
          </div>
        )}
        <Checkbox
          label={
            image.tags.length > 1
              ? 'Force (with all its tags, even if stopped containers use it)'
              : 'Force (even if stopped containers use it)'
          }
          checked={force}
          onChange={(e) => setForce(e.target.checked)}
        />
        {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
