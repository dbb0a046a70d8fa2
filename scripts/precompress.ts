// After `next build`: writes <file>.br (brotli 11) and <file>.gz (gzip 9) beside every text asset in
// .next/static, which server/http/static-assets.ts sends as they are instead of gzipping per request.
// Then touches .next/precompressed, the stamp scripts/build-if-stale.sh compares with .next/BUILD_ID.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const ROOT = '.next/static';
const STAMP = '.next/precompressed';
// Text only: fonts (woff2) and images are compressed already. Keep in step with static-assets.ts.
const TEXT = /\.(js|css|json|txt|svg|map)$/;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const files = fs
  .readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .map((f) => path.join(ROOT, f))
  .filter((f) => TEXT.test(f) && fs.statSync(f).isFile());

let raw = 0;
let br = 0;
let gz = 0;
const t0 = Date.now();
await Promise.all(
  files.map(async (f) => {
    const data = await fs.promises.readFile(f);
    const [b, g] = await Promise.all([
      brotli(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
      gzip(data, { level: 9 }),
    ]);
    await Promise.all([fs.promises.writeFile(`${f}.br`, b), fs.promises.writeFile(`${f}.gz`, g)]);
    raw += data.length;
    br += b.length;
    gz += g.length;
  }),
);
fs.writeFileSync(STAMP, '');
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(`[wharf] precompressed ${files.length} assets in ${Date.now() - t0} ms: ${kb(raw)} → br ${kb(br)}, gzip ${kb(gz)}`);
