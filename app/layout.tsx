import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = { title: 'Wharf', description: 'A web console for Docker engines' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
