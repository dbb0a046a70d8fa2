import { cn } from '../ui/cn';

/** The Wharf mark (same drawing as public/icon.svg) and name. */
export function Logo({ className, nameClassName }: { className?: string; nameClassName?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-2', className)}>
      <img src="/icon.svg" alt="" width={24} height={24} className="size-6" />
      <span className={cn('text-[15px] font-semibold tracking-tight', nameClassName)}>Wharf</span>
    </span>
  );
}
