'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ActivityTray } from '../activity/activity-tray';
import { can, type Permission } from '@/server/contracts/permissions';
import { useAuthState, useLogout } from '../auth/use-auth';
import { ConnectionIndicator } from '../realtime/connection-indicator';
import { Spinner } from '../ui/spinner';
import { cn } from '../ui/cn';
import { Logo } from './logo';

const NAV: Array<{ href: string; label: string; icon: ReactNode; active: (path: string) => boolean; right?: Permission }> = [
  {
    href: '/',
    label: 'Hosts',
    active: (p) => p === '/' || (p.startsWith('/hosts/') && !/^\/hosts\/[^/]+\/(containers|images|events|networks|volumes)/.test(p)),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
        <rect x="2" y="9" width="12" height="4.5" rx="1" />
        <path d="M4.5 4.75h.01M4.5 11.25h.01" strokeWidth="2" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    href: '/containers',
    label: 'Containers',
    active: (p) => p.startsWith('/containers') || /^\/hosts\/[^/]+\/containers/.test(p),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <path d="M2 5.5 8 2.5l6 3v5l-6 3-6-3z" strokeLinejoin="round" />
        <path d="M2 5.5 8 8.5l6-3M8 8.5v5" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    href: '/images',
    label: 'Images',
    active: (p) => p.startsWith('/images') || /^\/hosts\/[^/]+\/images/.test(p),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <path d="M8 2 14 5 8 8 2 5z" strokeLinejoin="round" />
        <path d="m2 8 6 3 6-3M2 11l6 3 6-3" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    href: '/events',
    label: 'Events',
    active: (p) => p.startsWith('/events') || /^\/hosts\/[^/]+\/events/.test(p),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <path d="M1.5 8h3l2-4.5 3 9 2-4.5h3" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    href: '/networks',
    label: 'Networks',
    active: (p) => p.startsWith('/networks') || /^\/hosts\/[^/]+\/networks/.test(p),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <rect x="6" y="1.75" width="4" height="3.5" rx="0.75" />
        <rect x="1.75" y="10.75" width="4" height="3.5" rx="0.75" />
        <rect x="10.25" y="10.75" width="4" height="3.5" rx="0.75" />
        <path d="M8 5.25V8M3.75 10.75V8h8.5v2.75" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    href: '/ports',
    label: 'Ports',
    active: (p) => p.startsWith('/ports'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <circle cx="8" cy="8" r="5.75" />
        <circle cx="8" cy="8" r="2" />
        <path d="M8 2.25v2M8 11.75v2M2.25 8h2M11.75 8h2" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    href: '/volumes',
    label: 'Volumes',
    active: (p) => p.startsWith('/volumes') || /^\/hosts\/[^/]+\/volumes/.test(p),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <ellipse cx="8" cy="3.75" rx="5.5" ry="1.75" />
        <path d="M2.5 3.75v8.5c0 .97 2.46 1.75 5.5 1.75s5.5-.78 5.5-1.75v-8.5M2.5 8c0 .97 2.46 1.75 5.5 1.75S13.5 8.97 13.5 8" />
      </svg>
    ),
  },
  {
    href: '/registries',
    label: 'Registries',
    active: (p) => p.startsWith('/registries'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <rect x="2" y="3" width="12" height="10" rx="1.25" />
        <path d="M2 6.5h12M5 9.5h2M5 11h4" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    href: '/templates',
    label: 'Templates',
    active: (p) => p.startsWith('/templates') || p.startsWith('/deploy'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <rect x="2" y="2" width="5" height="5" rx="1" />
        <rect x="9" y="2" width="5" height="5" rx="1" />
        <rect x="2" y="9" width="5" height="5" rx="1" />
        <path d="M11.5 9v5M9 11.5h5" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    href: '/terminals',
    label: 'Terminals',
    right: 'exec',
    active: (p) => p.startsWith('/terminals'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.25" />
        <path d="m4.5 6 2 2-2 2M8 10.5h3.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    ),
  },
  {
    href: '/audit',
    label: 'Audit log',
    right: 'audit.read',
    active: (p) => p.startsWith('/audit'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <path d="M4 2h6l3 3v9H4z" strokeLinejoin="round" />
        <path d="M6 7.5h5M6 10h5M6 12.5h3" strokeLinecap="round" />
      </svg>
    ),
  },
  {
    href: '/users',
    label: 'Users',
    right: 'users.manage',
    active: (p) => p.startsWith('/users'),
    icon: (
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
        <circle cx="6" cy="5.5" r="2.5" />
        <path
          d="M1.75 13.5c.5-2.3 2.2-3.5 4.25-3.5s3.75 1.2 4.25 3.5M10.5 3.2a2.5 2.5 0 0 1 0 4.6M12 10.3c1.1.5 1.9 1.6 2.25 3.2"
          strokeLinecap="round"
        />
      </svg>
    ),
  },
];

/** Closes the phone menu on Escape (focus back on its button) and whenever the page changes. */
function usePhoneMenu(pathname: string) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return { open, setOpen, buttonRef };
}

/**
 * The console's navigation. Wide screens: a sidebar with labels; from 768 to 1023 px: icons only
 * (the label is the link's name and its tooltip); phones: a top bar whose menu button opens the same
 * nav as a sheet over the page.
 */
export function Sidebar() {
  const pathname = usePathname();
  const auth = useAuthState();
  const logout = useLogout();
  const user = auth.data?.user;
  const menu = usePhoneMenu(pathname);
  const navId = useId();

  return (
    <aside className="flex w-48 shrink-0 flex-col bg-zinc-900 text-zinc-300 max-lg:w-14 max-md:w-full max-md:flex-row max-md:items-center max-md:gap-1 max-md:px-2 max-md:py-1.5">
      <button
        ref={menu.buttonRef}
        type="button"
        aria-label="Menu"
        aria-expanded={menu.open}
        aria-controls={navId}
        onClick={() => menu.setOpen((o) => !o)}
        className="hidden rounded-md p-2 text-zinc-300 hover:bg-zinc-800 hover:text-white max-md:inline-flex"
      >
        <svg viewBox="0 0 16 16" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden>
          <path d="M2.5 4h11M2.5 8h11M2.5 12h11" strokeLinecap="round" />
        </svg>
      </button>
      <Link
        href="/"
        className="flex items-center px-4 py-3.5 text-white max-lg:justify-center max-lg:px-0 max-md:px-1 max-md:py-1"
        aria-label="Wharf"
      >
        <Logo nameClassName="max-lg:hidden" />
      </Link>
      {menu.open && <div aria-hidden className="fixed inset-0 z-40 bg-zinc-950/50 md:hidden" onClick={() => menu.setOpen(false)} />}
      <nav
        id={navId}
        aria-label="Main"
        className={cn(
          'flex-1 px-2',
          menu.open
            ? 'max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:z-50 max-md:w-64 max-md:max-w-[85vw] max-md:overflow-y-auto max-md:bg-zinc-900 max-md:py-3 max-md:shadow-2xl'
            : 'max-md:hidden',
        )}
      >
        <ul className="space-y-0.5">
          {NAV.filter((item) => !item.right || can(user ?? null, item.right)).map((item) => {
            const active = item.active(pathname);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  title={item.label}
                  onClick={() => menu.setOpen(false)}
                  aria-current={active ? 'page' : undefined}
                  className={cn(
                    'flex items-center gap-2.5 whitespace-nowrap rounded-md px-2.5 py-1.5 font-medium transition-colors md:max-lg:justify-center md:max-lg:px-0 md:max-lg:py-2 max-md:py-2',
                    active ? 'bg-zinc-800 text-white' : 'text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100',
                  )}
                >
                  <span className={active ? 'text-sky-400' : ''}>{item.icon}</span>
                  <span className="md:max-lg:sr-only">{item.label}</span>
                </Link>
              </li>
            );
          })}
          <li className="mt-2 border-t border-zinc-800 pt-2 md:hidden">
            <Link
              href="/account"
              onClick={() => menu.setOpen(false)}
              aria-current={pathname.startsWith('/account') ? 'page' : undefined}
              className="flex items-center gap-2.5 rounded-md px-2.5 py-2 font-medium text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100"
            >
              <AccountIcon />
              Account{user ? ` (${user.username})` : ''}
            </Link>
          </li>
        </ul>
      </nav>
      <div className="px-2 pb-1.5 max-md:ml-auto max-md:p-0">
        <ActivityTray />
      </div>
      <div className="space-y-2.5 border-t border-zinc-800 px-4 py-3 max-lg:px-2 max-md:flex max-md:items-center max-md:gap-3 max-md:space-y-0 max-md:border-0 max-md:px-1 max-md:py-0">
        <ConnectionIndicator className="text-zinc-400 max-lg:justify-center" labelClassName="max-lg:sr-only" />
        <div className="flex items-center justify-between gap-2 md:max-lg:flex-col">
          <Link
            href="/account"
            title={user ? `Account (${user.username}): password, sessions, API tokens` : 'Account: password, sessions, API tokens'}
            aria-current={pathname.startsWith('/account') ? 'page' : undefined}
            className="-mx-1 min-w-0 rounded px-1 hover:bg-zinc-800/60 max-md:hidden md:max-lg:mx-0 md:max-lg:p-1.5"
          >
            <span className="hidden text-zinc-400 md:max-lg:block">
              <AccountIcon />
            </span>
            <p className="truncate font-medium text-zinc-100 md:max-lg:sr-only" data-testid="current-user" title={user?.username}>
              {user?.username ?? (auth.isPending ? '…' : '')}
            </p>
            {user && <p className="text-[11px] text-zinc-500 md:max-lg:sr-only">{user.role}</p>}
          </Link>
          <button
            type="button"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
            title="Sign out"
            className="inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:border-zinc-500 hover:text-white disabled:opacity-60 md:max-lg:border-0 md:max-lg:p-1.5"
          >
            {logout.isPending ? (
              <Spinner />
            ) : (
              <svg
                viewBox="0 0 16 16"
                className="hidden size-4 md:max-lg:block"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
                aria-hidden
              >
                <path d="M6 2.5H3.5v11H6M10 5l3 3-3 3M13 8H6" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            )}
            <span className="md:max-lg:sr-only">Sign out</span>
          </button>
        </div>
      </div>
    </aside>
  );
}

function AccountIcon() {
  return (
    <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.4" aria-hidden>
      <circle cx="8" cy="5.5" r="2.75" />
      <path d="M2.75 14c.6-2.6 2.6-4 5.25-4s4.65 1.4 5.25 4" strokeLinecap="round" />
    </svg>
  );
}
