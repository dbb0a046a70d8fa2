import type { Metadata } from 'next';
import { RequireRight } from '@/components/auth/require-right';
import { AuditLog } from '@/components/audit/audit-log';

export const metadata: Metadata = { title: 'Audit log' };
// Read per request (its filters are in the query): nothing to prerender.
export const dynamic = 'force-dynamic';

export default function AuditPage() {
  return (
    <RequireRight right="audit.read" doing="to read the audit log">
      <AuditLog />
    </RequireRight>
  );
}
