'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, fieldErrors } from '../api';
import { queryKeys } from '../query-keys';
import { ErrorAlert } from '../ui/alert';
import { FormDialog } from '../ui/form-dialog';
import { Checkbox, controlProps, Field, Input, Textarea } from '../ui/field';
import { toast } from '../ui/toast';
import { containerApi } from './use-containers';

/** `docker commit`: the container's filesystem as a new image. */
export function CommitDialog({ hostId, id, name, onClose }: { hostId: string; id: string; name: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [repo, setRepo] = useState(name.toLowerCase().replace(/[^a-z0-9._/-]/g, '-'));
  const [tag, setTag] = useState('latest');
  const [comment, setComment] = useState('');
  const [author, setAuthor] = useState('');
  const [pause, setPause] = useState(true);
  const commit = useMutation({
    mutationFn: () =>
      api<{ imageId: string; reference: string }>(`${containerApi(hostId, id)}/commit`, {
        method: 'POST',
        body: { repo, tag, comment, author, pause },
      }),
    onSuccess: (r) => {
      toast({ tone: 'success', title: `Committed ${r.reference}`, message: <span className="font-mono text-xs">{r.imageId}</span> });
      void qc.invalidateQueries({ queryKey: queryKeys.hostResources.images(hostId) });
      onClose();
    },
  });
  const fields = fieldErrors(commit.error);
  return (
    <FormDialog
      title={`Commit ${name} to an image`}
      description="Saves the container's current filesystem (not its volumes) as a new image on this host."
      onClose={onClose}
      submitLabel="Commit"
      pending={commit.isPending}
      className="space-y-2.5"
      onSubmit={() => commit.mutate()}
    >
      <div className="grid grid-cols-[1fr_10rem] gap-2">
        <Field id="commit-repo" label="Repository" error={fields.repo}>
          <Input
            {...controlProps('commit-repo', fields.repo)}
            data-autofocus
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            placeholder="team/app"
            spellCheck={false}
          />
        </Field>
        <Field id="commit-tag" label="Tag" error={fields.tag}>
          <Input {...controlProps('commit-tag', fields.tag)} value={tag} onChange={(e) => setTag(e.target.value)} spellCheck={false} />
        </Field>
      </div>
      <Field id="commit-comment" label="Comment" error={fields.comment}>
        <Textarea
          {...controlProps('commit-comment', fields.comment)}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          className="min-h-14 font-sans text-[13px]"
        />
      </Field>
      <Field id="commit-author" label="Author" error={fields.author}>
        <Input
          {...controlProps('commit-author', fields.author)}
          value={author}
          onChange={(e) => setAuthor(e.target.value)}
          placeholder="Jane Doe <jane@example.com>"
        />
      </Field>
      <Checkbox label="Pause the container while committing" checked={pause} onChange={(e) => setPause(e.target.checked)} />
      {commit.isError && !Object.keys(fields).length && (
        <ErrorAlert testId="action-error" title="Commit failed">
          {errorMessage(commit.error)}
        </ErrorAlert>
      )}
    </FormDialog>
  );
}
