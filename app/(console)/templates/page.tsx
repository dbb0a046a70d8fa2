import type { Metadata } from 'next';
import { TemplatesPage } from '@/components/templates/templates-page';

export const metadata: Metadata = { title: 'App templates' };

export default function Page() {
  return <TemplatesPage />;
}
