/** Where an image's page is: the 64 hex digits of its id, without `sha256:`. */
export const imageHref = (hostId: string, id: string) => `/hosts/${encodeURIComponent(hostId)}/images/${id.replace(/^sha256:/, '')}`;
export const imagesHref = (hostId?: string) => (hostId ? `/hosts/${encodeURIComponent(hostId)}/images` : '/images');
export const buildHref = (hostId: string) => `/hosts/${encodeURIComponent(hostId)}/images/build`;
