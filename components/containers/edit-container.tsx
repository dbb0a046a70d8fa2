'use client';

import { errorMessage } from '../api';
import { PageBody } from '../layout/page-header';
import { ErrorAlert } from '../ui/alert';
import { Skeleton } from '../ui/skeleton';
import { ContainerForm } from './container-form';
import { useContainerDetail, useContainerSpec } from './use-containers';

/** Edit & recreate: the create form, prefilled with what would recreate this container. */
export function EditContainer({ hostId, id }: { hostId: string; id: string }) {
  const spec = useContainerSpec(hostId, id);
  const detail = useContainerDetail(hostId, id);
  if (spec.isPending)
    return (
      <PageBody>
        <div role="status" aria-label="Loading the container's settings" className="space-y-3">
          <Skeleton className="h-6 w-72" />
          <Skeleton className="h-64 w-full" />
        </div>
      </PageBody>
    );
  if (spec.isError)
    return (
      <PageBody>
        <ErrorAlert title="The container's settings could not be read">{errorMessage(spec.error)}</ErrorAlert>
      </PageBody>
    );
  return (
    <ContainerForm
      mode={{ kind: 'edit', hostId, id: detail.data?.id ?? id, name: spec.data.name || detail.data?.name || id }}
      initial={spec.data}
    />
  );
}
