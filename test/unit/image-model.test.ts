import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '@/server/contracts/images';
import {
  chainIds,
  familyOf,
  lineUp,
  maskedInspect,
  maskEnv,
  maskInstruction,
  readableInstruction,
  toImageDetail,
  withSharing,
  type LayerInfo,
} from '@/server/engines/image-model';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('readableInstruction', () => {
  it('strips the classic builder #(nop) from metadata steps', () => {
    expect(readableInstruction('/bin/sh -c #(nop)  CMD ["httpd" "-f" "-p" "80" "-h" "/www"]')).toBe(
      'CMD ["httpd" "-f" "-p" "80" "-h" "/www"]',
    );
    expect(readableInstruction('/bin/sh -c #(nop) WORKDIR /www')).toBe('WORKDIR /www');
    expect(readableInstruction('/bin/sh -c #(nop) COPY file:d5e80c57 in /www/index.html ')).toBe('COPY file:d5e80c57 in /www/index.html');
  });

  it('writes the classic builder HEALTHCHECK struct back as the Dockerfile line', () => {
    expect(
      readableInstruction(
        `/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "wget -q -O- http://127.0.0.1/ || exit 1"] "30s" "3s" "0s" '\\x03'}`,
      ),
    ).toBe('HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -q -O- http://127.0.0.1/ || exit 1');
    expect(readableInstruction(`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD" "/bin/check" "-q"] "0s" "0s" "5s" '\\x00'}`)).toBe(
      'HEALTHCHECK --start-period=5s CMD ["/bin/check","-q"]',
    );
    expect(readableInstruction(`/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" '\\x00'}`)).toBe('HEALTHCHECK NONE');
  });

  it('shows a classic RUN as RUN with its command, keeping newlines and && chains', () => {
    expect(readableInstruction('/bin/sh -c mkdir -p /www /data && echo "seed data" > /data/README')).toBe(
      'RUN mkdir -p /www /data && echo "seed data" > /data/README',
    );
    expect(readableInstruction('/bin/sh -c set -e;\tapk add x \\\n  && rm -rf /var/cache')).toBe(
      'RUN set -e;\tapk add x \\\n  && rm -rf /var/cache',
    );
  });

  it('drops the build-arg count and keeps the args as the environment of the command', () => {
    expect(readableInstruction('|2 A=b VERSION=1.2 /bin/sh -c echo $A $VERSION > /v')).toBe('RUN A=b VERSION=1.2 echo $A $VERSION > /v');
    // A value holding a path: the shell is found where it really starts.
    expect(readableInstruction('|1 DIR=/opt/x /bin/sh -c ls $DIR')).toBe('RUN DIR=/opt/x ls $DIR');
  });

  it('reads BuildKit steps: the # buildkit marker and the shell dropped', () => {
    expect(readableInstruction('RUN /bin/sh -c apk add --no-cache curl # buildkit')).toBe('RUN apk add --no-cache curl');
    expect(readableInstruction('RUN |1 A=b /bin/sh -c echo $A # buildkit')).toBe('RUN A=b echo $A');
    expect(readableInstruction('COPY index.html /www/ # buildkit')).toBe('COPY index.html /www/');
    expect(readableInstruction('ENV API_TOKEN=secret')).toBe('ENV API_TOKEN=secret');
  });

  it('drops a SHELL the RUN ran in, and leaves other words as they are', () => {
    expect(readableInstruction('/bin/bash -o pipefail -c curl x | tar -x')).toBe('RUN curl x | tar -x');
    expect(readableInstruction('')).toBe('');
    expect(readableInstruction('sh')).toBe('sh');
  });
});

describe('chainIds', () => {
  it('chains each diff id onto the one below with sha256("<chain> <diff>")', () => {
    // printf 'sha256:a sha256:b' | sha256sum
    expect(chainIds(['sha256:a', 'sha256:b'])).toEqual([
      'sha256:a',
      'sha256:970a948bffa8de94d6e22d747ba8c95030e6e546909f98f54e99a13005e173a8',
    ]);
    expect(chainIds([])).toEqual([]);
  });

  it('matches the chain ids a 20.10 engine keeps in its layerdb (the seed web image)', () => {
    const diffs = [
      'sha256:47614ebd453456b1072d2e793b118abcd24d46a45193a8269053657371338ade',
      'sha256:0eddad0616f927437bc59512e3c8b9b484ffac2414973a1d6180f630274a03f9',
      'sha256:702e368803f85d049159dc6698db1cb38ce5b88f1e74268353d2a2cfe9f497ab',
    ];
    expect(chainIds(diffs)).toEqual([
      diffs[0],
      'sha256:2cd11f9a2360a85307209fea970dbab51cbef74bc92c5b8ce63c64527b424f00',
      'sha256:71a32e7b8bad2ecd7fdc52fa5545b0896afe94d81d853469af5943da6c0f37b4',
    ]);
  });
});

// The seed web image's history as a 20.10 engine answers it (newest first), built by the classic builder.
const WEB_HISTORY = [
  {
    Id: 'sha256:4cdd',
    Created: 1796052926,
    CreatedBy: '/bin/sh -c #(nop)  CMD ["httpd" "-f" "-p" "80" "-h" "/www"]',
    Size: 0,
    Tags: ['wharf-test/web:1.0'],
  },
  { Id: 'sha256:260a', Created: 1796052926, CreatedBy: '/bin/sh -c #(nop)  STOPSIGNAL SIGKILL', Size: 0 },
  { Id: 'sha256:46a4', Created: 1796052926, CreatedBy: '/bin/sh -c #(nop) WORKDIR /www', Size: 0 },
  { Id: 'sha256:ee87', Created: 1796052926, CreatedBy: '/bin/sh -c #(nop)  VOLUME [/data]', Size: 0 },
  { Id: 'sha256:3519', Created: 1796052926, CreatedBy: '/bin/sh -c #(nop)  EXPOSE 80', Size: 0 },
  { Id: 'sha256:8250', Created: 1796052926, CreatedBy: '/bin/sh -c echo "wharf-test/web 2" > /www/version.txt', Size: 17 },
  { Id: 'sha256:9942', Created: 1796052925, CreatedBy: '/bin/sh -c #(nop) COPY file:f0cc in /www/healthz ', Size: 3 },
  { Id: 'sha256:9331', Created: 1796052925, CreatedBy: '/bin/sh -c #(nop) COPY file:d5e8 in /www/index.html ', Size: 139 },
  { Id: 'sha256:6df4', Created: 1796052925, CreatedBy: '/bin/sh -c mkdir -p /www /data && echo "seed data" > /data/README', Size: 10 },
  { Id: 'sha256:2302', Created: 1796052924, CreatedBy: '/bin/sh -c #(nop)  ENV WHARF_GREETING=Hello from Wharf WHARF_ROLE=web', Size: 0 },
  { Id: 'sha256:7136', Created: 1796052924, CreatedBy: '/bin/sh -c #(nop)  LABEL wharf.test=seed', Size: 0 },
  {
    Id: 'sha256:7c61',
    Created: 1796052923,
    CreatedBy: '',
    Size: 1985581,
    Comment: 'wharf test rig busybox-static rootfs',
    Tags: ['wharf-test/busybox:latest'],
  },
];

describe('lineUp', () => {
  it('lines a classic-builder history up with its layers: each layer with the step that made it, metadata steps empty', () => {
    const { steps, sizes, stepOf } = lineUp(WEB_HISTORY, [d('1'), d('2'), d('3'), d('4'), d('5')]);
    expect(steps).toHaveLength(12);
    expect(steps[0]).toMatchObject({ createdBy: '', comment: 'wharf test rig busybox-static rootfs', layer: 0, empty: false });
    expect(steps.map((s) => s.empty)).toEqual([false, true, true, false, false, false, false, true, true, true, true, true]);
    expect(sizes).toEqual([1985581, 10, 139, 3, 17]);
    expect(stepOf.map((i) => steps[i!]!.createdBy)).toEqual([
      '',
      'RUN mkdir -p /www /data && echo "seed data" > /data/README',
      'COPY file:d5e8 in /www/index.html',
      'COPY file:f0cc in /www/healthz',
      'RUN echo "wharf-test/web 2" > /www/version.txt',
    ]);
    // The zero-byte WORKDIR made no layer here: the sized steps already number the layers.
    expect(steps[9]).toMatchObject({ createdBy: 'WORKDIR /www', empty: true, layer: null });
    expect(steps[11]).toMatchObject({
      created: new Date(1796052926 * 1000).toISOString(),
      imageId: 'sha256:4cdd',
      tags: ['wharf-test/web:1.0'],
    });
  });

  it('lines a BuildKit history up, with a WORKDIR that made a 0-byte layer', () => {
    const history = [
      { Id: 'sha256:top', Created: 3, CreatedBy: 'CMD ["sh"]', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Id: '<missing>', Created: 3, CreatedBy: 'ENV API_TOKEN=secret', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Id: '<missing>', Created: 3, CreatedBy: 'COPY app.js /app/ # buildkit', Size: 150, Comment: 'buildkit.dockerfile.v0' },
      {
        Id: '<missing>',
        Created: 2,
        CreatedBy: 'RUN |1 A=b /bin/sh -c echo "$A" > /app/a # buildkit',
        Size: 2,
        Comment: 'buildkit.dockerfile.v0',
      },
      { Id: '<missing>', Created: 2, CreatedBy: 'WORKDIR /app', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Id: '<missing>', Created: 2, CreatedBy: 'ARG A=b', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Id: '<missing>', Created: 1, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 5000 },
    ];
    const { steps, sizes, stepOf } = lineUp(history, [d('1'), d('2'), d('3'), d('4')]);
    expect(steps.map((s) => s.createdBy)).toEqual([
      'ADD file:abc in /',
      'ARG A=b',
      'WORKDIR /app',
      'RUN A=b echo "$A" > /app/a',
      'COPY app.js /app/',
      'ENV API_TOKEN=secret',
      'CMD ["sh"]',
    ]);
    expect(stepOf).toEqual([0, 2, 3, 4]);
    expect(sizes).toEqual([5000, 0, 2, 150]);
    expect(steps.map((s) => s.imageId)).toEqual([null, null, null, null, null, null, 'sha256:top']);
    expect(steps.filter((s) => s.empty).map((s) => s.createdBy)).toEqual(['ARG A=b', 'ENV API_TOKEN=secret', 'CMD ["sh"]']);
  });

  it('lines an imported image (one unnamed step with a comment) up with its one layer', () => {
    const { steps, sizes, stepOf } = lineUp(
      [{ Id: 'sha256:imp', Created: 5, CreatedBy: '', Size: 4096, Comment: 'Imported from -' }],
      [d('a')],
    );
    expect(steps).toEqual([expect.objectContaining({ createdBy: '', comment: 'Imported from -', layer: 0, empty: false, size: 4096 })]);
    expect(sizes).toEqual([4096]);
    expect(stepOf).toEqual([0]);
  });

  it('gives no sizes to a history that does not line up (a squashed image), rather than guessing', () => {
    const history = [
      { Created: 2, CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
      { Created: 2, CreatedBy: '/bin/sh -c apk add curl', Size: 9000 },
      { Created: 1, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 5000 },
    ];
    const { steps, sizes, stepOf } = lineUp(history, [d('1'), d('2'), d('3')]);
    expect(sizes).toEqual([null, null, null]);
    expect(stepOf).toEqual([null, null, null]);
    expect(steps.map((s) => s.layer)).toEqual([null, null, null]);
    expect(steps[2]!.empty).toBe(true);
  });

  it('settles such a layer with the layer counts of the intermediate images a local build kept', () => {
    const history = [
      { Created: 3, CreatedBy: '/bin/sh -c echo > /big', Size: 700 },
      { Created: 2, CreatedBy: '/bin/sh -c rm -f /etc/motd', Size: 0 },
      { Created: 2, CreatedBy: '/bin/sh -c #(nop) WORKDIR /app', Size: 0 },
      { Created: 1, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 5000 },
    ];
    // After the ADD one layer, after the WORKDIR still one (the directory was there), after the rm two.
    const { steps, stepOf } = lineUp(history, [d('1'), d('2'), d('3')], [1, 1, 2, 3]);
    expect(stepOf).toEqual([0, 2, 3]);
    expect(steps[1]).toMatchObject({ createdBy: 'WORKDIR /app', empty: true, layer: null });
    // Counts that contradict the history fit nothing: no guess.
    expect(lineUp(history, [d('1'), d('2'), d('3')], [1, 1, 1, 3]).stepOf).toEqual([null, null, null]);
  });

  it('leaves a layer unknown where two zero-byte steps could each have made it, and knows the rest', () => {
    const history = [
      { Created: 3, CreatedBy: '/bin/sh -c echo > /big', Size: 700 },
      { Created: 2, CreatedBy: '/bin/sh -c rm -f /etc/motd', Size: 0 },
      { Created: 2, CreatedBy: '/bin/sh -c #(nop) WORKDIR /app', Size: 0 },
      { Created: 1, CreatedBy: '/bin/sh -c #(nop) ADD file:abc in / ', Size: 5000 },
    ];
    const { steps, sizes, stepOf } = lineUp(history, [d('1'), d('2'), d('3')]);
    expect(stepOf).toEqual([0, null, 3]);
    // Either step made a 0-byte layer: its size is known even if its step is not.
    expect(sizes).toEqual([5000, 0, 700]);
    expect(steps[1]).toMatchObject({ empty: false, layer: null });
    expect(steps[2]).toMatchObject({ empty: false, layer: null });
  });
});

const summary = (id: string, tags: string[], created: string): ImageSummary => ({
  hostId: 'h',
  id,
  tags,
  digests: [],
  size: 0,
  sharedSize: null,
  created,
  parentId: '',
  labels: {},
  layerCount: null,
  dangling: tags.length === 0,
});

/** A LayerInfo from a list of [instruction, size, layer diff or null] steps, oldest first. */
function info(steps: Array<[string, number, string | null]>, created = 1): LayerInfo {
  const history = steps.map(([by, size]) => ({ Created: created, CreatedBy: by, Size: size })).reverse();
  const diffIds = steps.flatMap(([, , diff]) => (diff ? [diff] : []));
  return { diffIds, chainIds: chainIds(diffIds), ...lineUp(history, diffIds), inspect: {} };
}

const BASE: Array<[string, number, string | null]> = [['', 100, d('0')]];
const base = info(BASE);
const web = info([
  ...BASE,
  ['/bin/sh -c #(nop)  LABEL x=web', 0, null],
  ['/bin/sh -c mkdir /www', 10, d('w')],
  ['/bin/sh -c #(nop)  CMD ["httpd"]', 0, null],
]);
const sleeper = info([...BASE, ['/bin/sh -c #(nop)  LABEL x=sleeper', 0, null], ['/bin/sh -c #(nop)  CMD ["sleep"]', 0, null]]);
const webChild = info([
  ...BASE,
  ['/bin/sh -c #(nop)  LABEL x=web', 0, null],
  ['/bin/sh -c mkdir /www', 10, d('w')],
  ['/bin/sh -c #(nop)  CMD ["httpd"]', 0, null],
  ['/bin/sh -c #(nop) COPY file:x in /www/ ', 40, d('c')],
]);
const lone = info([['', 30, d('9')]]);
const images = [
  summary('sha256:base', ['busybox:latest'], '2026-01-01T00:00:00Z'),
  summary('sha256:web', ['web:1.0'], '2026-01-02T00:00:00Z'),
  summary('sha256:sleeper', ['sleeper:1.0'], '2026-01-03T00:00:00Z'),
  summary('sha256:webchild', [], '2026-01-04T00:00:00Z'),
  summary('sha256:lone', ['lone:1'], '2026-01-05T00:00:00Z'),
];
const infos = new Map<string, LayerInfo>([
  ['sha256:base', base],
  ['sha256:web', web],
  ['sha256:sleeper', sleeper],
  ['sha256:webchild', webChild],
  ['sha256:lone', lone],
]);

describe('withSharing', () => {
  it('counts the bytes of layers another image holds, and the layer count', () => {
    const byId = new Map(withSharing(images, infos).map((i) => [i.id, i]));
    expect(byId.get('sha256:base')).toMatchObject({ sharedSize: 100, layerCount: 1 });
    expect(byId.get('sha256:web')).toMatchObject({ sharedSize: 110, layerCount: 2 });
    expect(byId.get('sha256:webchild')).toMatchObject({ sharedSize: 110, layerCount: 3 });
    expect(byId.get('sha256:lone')).toMatchObject({ sharedSize: 0, layerCount: 1 });
  });

  it('leaves the shared size unknown when a shared layer has no size, and untouched an image not read yet', () => {
    const squashed = info([['/bin/sh -c #(nop) ADD file:abc in / ', 100, null]]);
    squashed.diffIds = [d('0')];
    squashed.chainIds = chainIds(squashed.diffIds);
    squashed.sizes = [null];
    const list = [summary('sha256:base', [], 'x'), summary('sha256:sq', [], 'x'), summary('sha256:new', [], 'x')];
    const byId = new Map(
      withSharing(
        list,
        new Map([
          ['sha256:base', base],
          ['sha256:sq', squashed],
        ]),
      ).map((i) => [i.id, i]),
    );
    expect(byId.get('sha256:sq')!.sharedSize).toBeNull();
    expect(byId.get('sha256:base')!.sharedSize).toBe(100);
    expect(byId.get('sha256:new')).toMatchObject({ sharedSize: null, layerCount: null });
  });
});

describe('familyOf', () => {
  it('puts images built on a base under it; siblings on one base are siblings, not parent and child', () => {
    const tree = familyOf('sha256:web', images, infos);
    expect(tree).toMatchObject({ id: 'sha256:base', tags: ['busybox:latest'], layerCount: 1 });
    expect(tree!.children.map((c) => c.id)).toEqual(['sha256:web', 'sha256:sleeper']);
    const webNode = tree!.children[0]!;
    expect(webNode.layerCount).toBe(2);
    expect(webNode.children.map((c) => c.id)).toEqual(['sha256:webchild']);
    expect(tree!.children[1]!.children).toEqual([]);
    // From any member the tree is the same, rooted at the oldest ancestor.
    expect(familyOf('sha256:webchild', images, infos)).toEqual(tree);
  });

  it('an image with no relatives is a tree of one; an image not read yet has none', () => {
    expect(familyOf('sha256:lone', images, infos)).toEqual({
      id: 'sha256:lone',
      tags: ['lone:1'],
      created: '2026-01-05T00:00:00Z',
      layerCount: 1,
      children: [],
    });
    expect(familyOf('sha256:unknown', [...images, summary('sha256:unknown', [], 'x')], infos)).toBeNull();
  });
});

describe('maskEnv', () => {
  it('masks values of keys that look like secrets and says so', () => {
    expect(maskEnv(['PATH=/bin', 'API_TOKEN=secret', 'DB_PASSWORD=hunter2', 'EMPTY_SECRET=', 'GREETING=a=b', 'FLAG'])).toEqual([
      { key: 'PATH', value: '/bin', masked: false },
      { key: 'API_TOKEN', value: '••••••••', masked: true },
      { key: 'DB_PASSWORD', value: '••••••••', masked: true },
      { key: 'EMPTY_SECRET', value: '', masked: false },
      { key: 'GREETING', value: 'a=b', masked: false },
      { key: 'FLAG', value: '', masked: false },
    ]);
  });

  it('masks the raw inspect too, in Config and ContainerConfig', () => {
    const raw = maskedInspect({ Id: 'x', Config: { Env: ['API_KEY=k', 'A=1'] }, ContainerConfig: { Env: ['MY_SECRET=s'] } });
    expect(raw).toEqual({ Id: 'x', Config: { Env: ['API_KEY=••••••••', 'A=1'] }, ContainerConfig: { Env: ['MY_SECRET=••••••••'] } });
    expect(JSON.stringify(raw)).not.toMatch(/=k"|=s"/);
  });
});

describe('maskInstruction', () => {
  it('masks secret-looking values in ENV and ARG lines, spaces and all, and leaves the others', () => {
    expect(maskInstruction('/bin/sh -c #(nop)  ENV API_TOKEN=tok en MODE=demo GREETING=Hello from Wharf')).toBe(
      '/bin/sh -c #(nop)  ENV API_TOKEN=•••••••• MODE=demo GREETING=Hello from Wharf',
    );
    expect(maskInstruction('ENV DB_PASSWORD=hunter2')).toBe('ENV DB_PASSWORD=••••••••');
    expect(maskInstruction('ARG NPM_TOKEN=abc')).toBe('ARG NPM_TOKEN=••••••••');
    expect(maskInstruction('ENV PATH=/usr/bin:/bin')).toBe('ENV PATH=/usr/bin:/bin');
  });

  it('masks build args and assignments inside a RUN', () => {
    expect(maskInstruction('|2 GITHUB_TOKEN=ghp_x V=1 /bin/sh -c echo $V')).toBe('|2 GITHUB_TOKEN=•••••••• V=1 /bin/sh -c echo $V');
    expect(maskInstruction('RUN export API_KEY="a b" && SECRET=x ./run.sh # buildkit')).toBe(
      'RUN export API_KEY=•••••••• && SECRET=•••••••• ./run.sh # buildkit',
    );
  });
});

describe('toImageDetail', () => {
  it('masks secrets in the history steps and in the classic builder ContainerConfig.Cmd', () => {
    const withSecret = info([...BASE, ['/bin/sh -c #(nop)  ENV API_TOKEN=s3cr3t MODE=x', 0, null]]);
    withSecret.inspect = {
      Config: { Env: ['API_TOKEN=s3cr3t'] },
      ContainerConfig: { Cmd: ['/bin/sh', '-c', '#(nop) ', 'ENV API_TOKEN=s3cr3t MODE=x'] },
    };
    const img = summary('sha256:sec', ['sec:1'], '2026-01-06T00:00:00Z');
    const detail = toImageDetail(img, 'local', withSecret, [img], new Map([['sha256:sec', withSecret]]));
    expect(detail.steps[1]).toMatchObject({
      createdBy: 'ENV API_TOKEN=•••••••• MODE=x',
      rawCreatedBy: '/bin/sh -c #(nop)  ENV API_TOKEN=•••••••• MODE=x',
    });
    expect(JSON.stringify(detail)).not.toContain('s3cr3t');
  });

  it('lists per layer the other images holding it, tagged first, and the bytes only this image holds', () => {
    const list = withSharing(images, infos);
    const detail = toImageDetail(
      list.find((i) => i.id === 'sha256:webchild')!,
      'local',
      webChild,
      list,
      infos,
    );
    expect(detail.layers.map((l) => l.sharedWith.map((s) => s.id))).toEqual([
      ['sha256:base', 'sha256:sleeper', 'sha256:web'],
      ['sha256:web'],
      [],
    ]);
    expect(detail.layers.map((l) => l.size)).toEqual([100, 10, 40]);
    expect(detail.ownSize).toBe(40);
    expect(detail.family!.id).toBe('sha256:base');
  });
});
