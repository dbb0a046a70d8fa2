/** Where a registry's repositories, one repository's tags, and one tag's detail live. */
export const registryHref = (id: string) => `/registries/${encodeURIComponent(id)}`;
export const repositoryHref = (id: string, repo: string, tag?: string) =>
  `/registries/${encodeURIComponent(id)}/repositories/${repo.split('/').map(encodeURIComponent).join('/')}${tag ? `?tag=${encodeURIComponent(tag)}` : ''}`;
