'use client';

import { useEffect } from 'react';
import { PageBody } from '@/components/layout/page-header';
import { ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const message = error instanceof Error ? error.message : String(error);
  return (
    <PageBody>
      <ErrorAlert title="This page failed to show">{message}</ErrorAlert>
      <Button className="mt-3" onClick={() => retry()}>
        Try again
      </Button>
    </PageBody>
  );
}
