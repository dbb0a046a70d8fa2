'use client';

import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';

function Live() {
  const [acked, setAcked] = useState(false);
  const query = useQuery({ queryKey: ['floor'], queryFn: () => Promise.resolve(1) });
  useEffect(() => {
    const socket = io({ transports: ['websocket'], reconnection: false });
    socket.emit('hello', {}, () => setAcked(true));
    return () => void socket.disconnect();
  }, []);
  return (
    <Link href="/">
      {String(query.data)} {acked ? 'acked' : 'waiting'}
    </Link>
  );
}

export function StackClient() {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Live />
    </QueryClientProvider>
  );
}
