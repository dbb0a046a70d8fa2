import { cn } from '../ui/cn';

/**
 * The Wharf mark (the drawing of public/icon.svg) and name. Inline, not an <img>: React preloads the
 * images of the server HTML, and a page that swaps the mark out before load left Chromium warning of an
 * unused preload.
 */
export function Logo({ className, nameClassName }: { className?: string; nameClassName?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-2', className)}>
      <svg viewBox="0 0 32 32" width={24} height={24} className="size-6" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#0369a1" />
        <g fill="#e0f2fe">
          <rect x="7" y="9" width="5" height="4" rx="0.8" />
          <rect x="13.5" y="9" width="5" height="4" rx="0.8" />
          <rect x="10.25" y="4.5" width="5" height="4" rx="0.8" opacity="0.75" />
          <rect x="20" y="9" width="5" height="4" rx="0.8" opacity="0.75" />
        </g>
        <path d="M5 15.5h22l-2.6 5.2a2 2 0 0 1-1.8 1.1H9.4a2 2 0 0 1-1.8-1.1z" fill="#ffffff" />
        <path
          d="M4 25.5c2 0 2-1.3 4-1.3s2 1.3 4 1.3 2-1.3 4-1.3 2 1.3 4 1.3 2-1.3 4-1.3 2 1.3 4 1.3"
          fill="none"
          stroke="#7dd3fc"
          strokeWidth="1.6"
          strokeLinecap="round"
        />
      </svg>
      <span className={cn('text-[15px] font-semibold tracking-tight', nameClassName)}>Wharf</span>
    </span>
  );
}
