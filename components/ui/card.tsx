import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

export function Card({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('rounded-lg border border-zinc-200 bg-white shadow-xs', className)} {...rest} />;
}

/** A titled block inside a page: the title is an h2 so the page outline stays readable. */
export function Section({
  title,
  actions,
  className,
  bodyClassName,
  children,
  id,
}: {
  title: ReactNode;
  actions?: ReactNode;
  className?: string;
  bodyClassName?: string;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <Card className={cn('min-w-0', className)}>
      <section aria-labelledby={headingId} id={id}>
        <header className="flex min-h-9 flex-wrap items-center justify-between gap-2 border-b border-zinc-100 px-3 py-1.5">
          <h2 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
            {title}
          </h2>
          {actions}
        </header>
        <div className={cn('px-3 py-2', bodyClassName)}>{children}</div>
      </section>
    </Card>
  );
}
