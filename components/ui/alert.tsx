import type { ReactNode } from 'react';
import { cn } from './cn';

/** An error message the user must see; announced by screen readers as it appears. */
export function ErrorAlert({
  children,
  className,
  title,
  testId = 'error-alert',
}: {
  children: ReactNode;
  className?: string;
  title?: ReactNode;
  testId?: string;
}) {
  return (
    <div role="alert" data-testid={testId} className={cn('rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800', className)}>
      {title && <p className="font-semibold">{title}</p>}
      <p className="break-words">{children}</p>
    </div>
  );
}
