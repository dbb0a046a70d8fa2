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
  registries: {
    list: ['registries', 'list'] as const,
    engines: ['registries', 'engines'] as const,
    browse: (id: string) => ['registries', 'browse', id] as const,
    repositories: (id: string, n: number, last: string | null) => ['registries', 'browse', id, 'repositories', n, last] as const,
    tags: (id: string, repo: string, n: number, cursor: string | null) => ['registries', 'browse', id, 'tags', repo, n, cursor] as const,
    tagDetails: (id: string, repo: string, tags: string[]) => ['registries', 'browse', id, 'tag-details', repo, tags] as const,
    manifest: (id: string, repo: string, ref: string) => ['registries', 'browse', id, 'manifest', repo, ref] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filters: string) => ['audit', 'list', filters] as const,
    signinFailures: (filters: string) => ['audit', 'signin-failures', filters] as const,
    facets: ['audit', 'facets'] as const,
    retention: ['audit', 'retention'] as const,
  },
};
