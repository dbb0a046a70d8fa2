// The largest file an upload may carry (zod-free: the Files tab checks it before sending).
export const UPLOAD_LIMIT_BYTES = 256 * 1024 * 1024;
