/** Every react-query key in one place, so cache updates from sockets and mutations hit the same entries. */
export const queryKeys = {
  auth: ['auth', 'state'] as const,
  engines: {
    all: ['engines'] as const,
    list: ['engines', 'list'] as const,
    detail: (id: string) => ['engines', 'detail', id] as const,
  },
  containers: {
    all: ['containers'] as const,
    list: ['containers', 'list'] as const,
    ofHost: (hostId: string) => ['containers', 'list', hostId] as const,
    deleted: ['containers', 'deleted'] as const,
    /** A page or search of the deleted history read over HTTP (`rev`: the live total it was read at). */
    deletedHistory: (query: Record<string, string>, rev: number) => ['deleted-history', query, rev] as const,
    details: ['containers', 'detail'] as const,
    detail: (hostId: string, id: string) => ['containers', 'detail', hostId, id] as const,
    top: (hostId: string, id: string) => ['containers', 'top', hostId, id] as const,
    files: (hostId: string, id: string, path: string) => ['containers', 'files', hostId, id, path] as const,
    spec: (hostId: string, id: string) => ['containers', 'spec', hostId, id] as const,
  },
  images: {
    all: ['images'] as const,
    list: ['images', 'list'] as const,
    ofHost: (hostId: string) => ['images', 'list', hostId] as const,
    detail: (hostId: string, id: string) => ['images', 'detail', hostId, id] as const,
  },
  networks: {
    all: ['networks'] as const,
    list: ['networks', 'list'] as const,
    ofHost: (hostId: string) => ['networks', 'list', hostId] as const,
    createOptions: (hostId: string) => ['networks', 'create-options', hostId] as const,
  },
  volumes: {
    all: ['volumes'] as const,
    list: ['volumes', 'list'] as const,
    ofHost: (hostId: string) => ['volumes', 'list', hostId] as const,
    files: (hostId: string, name: string, path: string) => ['volumes', 'files', hostId, name, path] as const,
  },
  disk: {
    all: ['disk'] as const,
    host: (hostId: string) => ['disk', 'host', hostId] as const,
    summary: ['disk', 'summary'] as const,
  },
  operations: {
    list: ['operations', 'list'] as const,
    detail: (id: string) => ['operations', 'detail', id] as const,
  },
  hostResources: {
    images: (hostId: string) => ['host-resources', hostId, 'images'] as const,
    networks: (hostId: string) => ['host-resources', hostId, 'networks'] as const,
    volumes: (hostId: string) => ['host-resources', hostId, 'volumes'] as const,
  },
  updates: {
    list: ['updates', 'list'] as const,
  },
  events: {
    list: ['events', 'list'] as const,
    ofHost: (hostId: string) => ['events', 'list', hostId] as const,
    older: ['events', 'older'] as const,
  },
  registries: {
    list: ['registries', 'list'] as const,
    engines: ['registries', 'engines'] as const,
    browse: (id: string) => ['registries', 'browse', id] as const,
    repositories: (id: string, n: number, last: string | null, prefix: string) =>
      ['registries', 'browse', id, 'repositories', n, last, prefix] as const,
    tags: (id: string, repo: string, n: number, cursor: string | null) => ['registries', 'browse', id, 'tags', repo, n, cursor] as const,
    tagDetails: (id: string, repo: string, tags: string[]) => ['registries', 'browse', id, 'tag-details', repo, tags] as const,
    manifest: (id: string, repo: string, ref: string) => ['registries', 'browse', id, 'manifest', repo, ref] as const,
  },
  users: {
    list: ['users', 'list'] as const,
    sessions: (id: number) => ['users', 'sessions', id] as const,
  },
  account: {
    sessions: ['account', 'sessions'] as const,
    tokens: ['account', 'tokens'] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filters: string) => ['audit', 'list', filters] as const,
    /** How many entries match the filters now (limit 1): the "N new entries" notice while older pages are shown. */
    fresh: (filters: string) => ['audit', 'fresh', filters] as const,
    /** The live `audit` view (the log's newest id): outside `all`, so Refresh does not resubscribe it. */
    head: ['audit-head'] as const,
    signinFailures: (filters: string) => ['audit', 'signin-failures', filters] as const,
    facets: ['audit', 'facets'] as const,
    retention: ['audit', 'retention'] as const,
  },
};
