/** Every react-query key in one place, so cache updates from sockets and mutations hit the same entries. */
export const queryKeys = {
  auth: ['auth', 'state'] as const,
  engines: {
    all: ['engines'] as const,
    list: ['engines', 'list'] as const,
    detail: (id: string) => ['engines', 'detail', id] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (pageSize: number) => ['audit', 'list', pageSize] as const,
  },
};
