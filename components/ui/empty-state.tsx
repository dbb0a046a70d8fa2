import type { ReactNode } from 'react';
import { cn } from './cn';

export function EmptyState({
  title,
  children,
  action,
  icon,
  className,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        'flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center',
        className,
      )}
    >
      {icon && <div className="text-zinc-400">{icon}</div>}
      <h2 className="text-[15px] font-semibold text-zinc-900">{title}</h2>
      {children && <div className="max-w-md text-zinc-600">{children}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
