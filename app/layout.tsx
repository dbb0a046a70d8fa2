import type { Metadata, Viewport } from 'next';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Wharf', template: '%s · Wharf' },
  description: 'A web console for Docker engines',
  icons: { icon: '/icon.svg' },
};

export const viewport: Viewport = { themeColor: '#0369a1' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
