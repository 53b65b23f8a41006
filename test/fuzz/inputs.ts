/**
 * The fuzz inputs, each a function of (seed, index) alone so that any input can be made again
 * from its number: special inputs first (deep nesting, a 10 MB file, 10 000 zones, names that
 * collide across files, reference cycles), then every truncation of a few example files, then
 * random inputs: mutated examples (tokens and lines deleted, duplicated, swapped; random bytes and
 * unicode; huge, negative and zero numbers; names made to collide; files split and duplicated)
 * and topologies from the grammar-aware generator (some of them mutated too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GrammarGenerator } from './grammar-gen.js';
import { Rng } from './rng.js';

/** One input: the .topo files of one topology folder (name → text). */
export interface FuzzCase {
  id: string;
  kind: string;
  files: Record<string, string>;
  /** Parameter overrides (`--set`), for some inputs. */
  params?: Record<string, string>;
  /** Time bound for this input (ms); the default applies when absent. */
  timeoutMs?: number;
}

export type Topology = { name: string; files: Record<string, string> };

/** Every example topology (one per folder, `corrected/` variants included), sorted. */
export function loadExamples(root: string): Topology[] {
  const out: Topology[] = [];
  const visit = (dir: string, name: string): void => {
    const entries = readdirSync(dir).sort();
    const files: Record<string, string> = {};
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) visit(p, `${name}/${e}`);
      else if (e.endsWith('.topo')) files[e] = readFileSync(p, 'utf8');
    }
    if (Object.keys(files).length) out.push({ name, files });
  };
  for (const d of readdirSync(root).sort()) if (statSync(join(root, d)).isDirectory()) visit(join(root, d), d);
  return out;
}

// ------------------------------------------------------------------------------ special inputs

const REGION3 = 'region dc { zone a  zone b  zone c  rtt a b 1ms  rtt b c 1ms  rtt a c 1ms }\n';

function specials(examples: Topology[]): (() => FuzzCase)[] {
  const big = examples.flatMap((t) => Object.values(t.files)).sort((a, b) => b.length - a.length)[0] ?? REGION3;
  const one =
    (kind: string, text: string, timeoutMs?: number): (() => FuzzCase) =>
    () => ({ id: kind, kind, files: { 'main.topo': text }, timeoutMs });
  const many =
    (kind: string, files: Record<string, string>, timeoutMs?: number): (() => FuzzCase) =>
    () => ({ id: kind, kind, files, timeoutMs });
  return [
    one('nesting-braces-1000', `${REGION3}cluster k { controlPlane ${'{ '.repeat(1000)}${'} '.repeat(1000)} }\n`),
    one('nesting-open-1000', `${REGION3}cluster k ${'{ controlPlane '.repeat(1000)}\n`),
    one('nesting-close-1000', `${REGION3}${'}\n'.repeat(1000)}`),
    one(
      'nesting-parens-1000',
      `param s = 10.0.0.0/8\nnetwork n { cidr ${'cidrsubnet('.repeat(1000)}$s, 8, 1${')'.repeat(1000)} }\n`,
    ),
    one(
      'nesting-cidrhost-1000',
      `param s = 10.0.0.0/8\nrouter r { routes 10.0.0.0/8 via ${'cidrhost('.repeat(1000)}$s, 1${')'.repeat(1000)} }\n`,
    ),
    one('nesting-comments-1000', `${'/* '.repeat(1000)}x${' */'.repeat(1000)}\n${REGION3}`),
    one('nesting-workers-1000', `cluster k { ${'workers { '.repeat(1000)}${'} '.repeat(1000)} }\n`),
    one(
      'nesting-blocks-deep-indent',
      `${REGION3}${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}cluster c${i} {`).join('\n')}\n${'}'.repeat(1000)}\n`,
    ),
    one('huge-file-10mb-valid', tenMegabytes(big), 120_000),
    one('huge-file-10mb-one-line-string', `cluster k { baseDomain "${'a'.repeat(10 * 1024 * 1024)}" }\n`, 120_000),
    one('huge-file-10mb-one-comment', `/*${'x'.repeat(10 * 1024 * 1024)}*/\n${REGION3}`, 120_000),
    one('huge-file-10mb-garbage', garbage(new Rng('garbage'), 10 * 1024 * 1024), 120_000),
    one(
      'huge-file-10mb-unclosed-string',
      `${REGION3}cluster k { baseDomain "${'b '.repeat(5 * 1024 * 1024)}\n`,
      120_000,
    ),
    one(
      'zones-10000',
      `region dc { ${Array.from({ length: 10_000 }, (_, i) => `zone z${i}`).join(' ')} }\ncluster k { controlPlane { replicas 3  zones ${Array.from({ length: 10_000 }, (_, i) => `dc.z${i}`).join(' ')} }  workers { perZone 1 } }\n`,
      120_000,
    ),
    one(
      'zones-10000-rtt',
      `region dc { ${Array.from({ length: 10_000 }, (_, i) => `zone z${i}`).join(' ')}\n${Array.from({ length: 10_000 }, (_, i) => `rtt z${i} z${(i + 1) % 10_000} 1ms`).join('\n')} }\nnetwork n { kind stretched-l2  cidr 10.0.0.0/16  zones ${Array.from({ length: 10_000 }, (_, i) => `dc.z${i}`).join(' ')} }\n`,
      120_000,
    ),
    one(
      'regions-10000',
      `${Array.from({ length: 10_000 }, (_, i) => `region r${i} provider openstack { zone a }`).join('\n')}\n${Array.from({ length: 2000 }, (_, i) => `rtt r${i} r${i + 1} ${i}ms`).join('\n')}\n`,
      120_000,
    ),
    one(
      'clusters-2000',
      `${REGION3}network n { cidr 10.0.0.0/8  zones dc.a dc.b dc.c }\n${Array.from({ length: 2000 }, (_, i) => `cluster k${i} { distribution openshift 4.16  install ipi  baseDomain "x.com"  controlPlane { replicas 3  zones dc.a dc.b dc.c  network n }  workers { perZone 2 }  api vip 10.${i >> 8}.${i & 255}.5  ingress vip 10.${i >> 8}.${i & 255}.7  pullSecret env PULL }`).join('\n')}\napp a { clusters ${Array.from({ length: 2000 }, (_, i) => `k${i}`).join(' ')}  replicas 4000 }\n`,
      120_000,
    ),
    one(
      'replicas-huge',
      `${REGION3}cluster k { controlPlane { replicas 100000000  zones dc.a dc.b dc.c }  workers { perZone 99999999 } }\nservers s { count 9999999999  zones dc.a dc.b }\napp x { clusters k  replicas 1${'0'.repeat(300)} }\n`,
    ),
    one(
      'counts-zero',
      `${REGION3}cluster k { controlPlane { replicas 0  zones dc.a: 0 dc.b: 0 }  workers { perZone 0  replicas 0 } }\nservers s { count 0 }\napp x { clusters k  replicas 0  hpa min 0 max 0 cpu 0% }\nloadBalancer l { listen tcp 0  health "/" every 0s fall 0 rise 0 timeout 0ms }\n`,
    ),
    one(
      'counts-negative',
      `${REGION3}cluster k { controlPlane { replicas -3  zones dc.a: -1 dc.b: -2 }  workers { perZone -1 } }\nservers s { count -5 }\napp x { clusters k  replicas -6 }\nrtt dc.a dc.b -1ms\n`,
    ),
    one(
      'numbers-huge-units',
      `region dc { zone a zone b  rtt a b 1${'0'.repeat(400)}ms }\nnetwork n { cidr 10.0.0.0/8  mtu 99999999999999999999  vlan 4096000 }\nservers s { volume 1${'0'.repeat(400)}TiB }\nconnector c { networks n  bandwidth 1${'0'.repeat(400)}Tbps }\ncluster k { controlPlane { etcd heartbeat 1${'0'.repeat(400)}ms election 0ms } podNetwork 10.128.0.0/14 hostPrefix 999 }\n`,
    ),
    many('names-collide-across-files', {
      'a.topo': `topology one\n${REGION3}cluster k { controlPlane { replicas 3  zones dc.a dc.b dc.c } }\nnetwork n { cidr 10.0.0.0/24 }\nparam p = 1\n`,
      'b.topo': `topology two\n${REGION3}cluster k { controlPlane { replicas 5  zones dc.a dc.b } }\nnetwork n { cidr 10.0.1.0/24 }\nparam p = "x"\nsecret p env P\n`,
      'c.topo': `region dc { zone a }\nrouter n { }\nservers k { }\napp k { clusters k }\n`,
    }),
    many(
      'names-collide-examples',
      Object.fromEntries(
        examples
          .slice(0, 4)
          .flatMap((t) => Object.entries(t.files))
          .map(([n, text], i) => [`${i}-${n}`, text]),
      ),
    ),
    one(
      'reference-cycles',
      `region dc { zone a zone b  rtt a a 1ms  rtt dc.a dc.a 1ms }\nrtt dc dc 1ms\nmanagement m { hostedOn dc  manages dc }\nnetwork n { cidr 10.0.0.0/24  gateway r }\nrouter r { interfaces n  routes 10.0.0.0/24 via 10.0.0.1 }\nservers s { network n }\nloadBalancer l { via s  members s  network n }\nservers s2 { }\nloadBalancer l2 { via s2  members k }\ncluster k { loadBalancer external l2  controlPlane { zones dc.a dc.b } }\ngslb g { backends l l2 l }\napp x { clusters k k k  gslb g }\nstorage st { sites dc dc  backup dc }\nsecurityGroup sg { ingress tcp 1 from group sg  egress any to group sg }\n`,
    ),
    one(
      'reference-self',
      `region dc { zone dc  rtt dc dc 1ms }\ncluster dc { controlPlane { zones dc.dc } }\nnetwork dc { gateway dc  zones dc.dc }\nrouter dc { interfaces dc }\napp dc { clusters dc }\n`,
    ),
    one('empty', ''),
    one('only-whitespace', ' \n\t\r\n\u00a0\u2028\u2029\ufeff'),
    one(
      'bom-crlf',
      `\ufeff${REGION3.replace(/\n/g, '\r\n')}cluster k {\r\n  controlPlane { replicas 3 zones dc.a dc.b dc.c }\r\n}\r\n`,
    ),
    one('cr-only', REGION3.replace(/\n/g, '\r') + 'cluster k {\r controlPlane { }\r}\r'),
    one('nul-and-controls', `${REGION3}\u0000\u0001\u0007\u001b[31m cluster \u0000 k { }`),
    one('lone-surrogates', `${REGION3}cluster \ud800k { baseDomain "\udc00" }\napp \udbff\udfff { }\n`),
    one('long-line', `${REGION3}app a { url "${'x'.repeat(100_000)}" }\n${'network n { } '.repeat(20_000)}`),
    one('long-identifier', `region ${'d'.repeat(100_000)} { zone ${'a'.repeat(50_000)} }\n`),
    one(
      'keywords-as-names',
      `region region { zone zone }\ncluster cluster { }\napp app { clusters cluster }\nnetwork dmz { }\nproject internet { }\nservers haproxy { }\n`,
    ),
    one(
      'params-everywhere',
      `param subnet = 10.0.0.0/8\nparam subnet = 10.1.0.0/16\nparam n = 3\nparam s = "x"\nparam ip = 10.0.0.1\nnetwork a { cidr cidrsubnet($subnet, 24, 99999999) }\nnetwork b { cidr cidrsubnet($n, 8, 1) }\nnetwork c { cidr $s }\nnetwork d { cidr cidrsubnet($ip, 0, 0)  dns cidrhost($subnet, 99999999999) }\ncluster k { controlPlane { replicas $s } machineNetwork $nope }\napp x { url "\${subnet}\${n}\${nope}\${"  replicas $n }\n`,
    ),
    one(
      'secrets-literal-and-paths',
      `secret a file "../../../../etc/shadow"\nsecret b file "/dev/zero"\nsecret c env PATH\nsecret d "hunter2"\ncluster k { pullSecret a  sshKey d }\ncluster k2 { pullSecret file "/proc/self/environ"  sshKey env HOME }\nservers s { password "x" }\nstorage st { password c }\n`,
    ),
  ];
}

function tenMegabytes(base: string): string {
  const target = 10 * 1024 * 1024;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    // Rename every declared name so that the copies do not collide (mostly: some still will).
    const copy = base
      .replace(
        /\b(region|site|zone|network|router|cluster|servers|loadBalancer|gslb|app|project|securityGroup|secret|param|management|connector)\s+([_a-zA-Z][\w-]*)/g,
        (_m, k: string, n: string) => `${k} ${n}${i}`,
      )
      .replace(/^topology .*$/m, '');
    parts.push(copy);
    size += copy.length;
  }
  return parts.join('\n');
}

function garbage(rng: Rng, size: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz{}()[].,:;$"/*\\ \n\t0123456789%-_';
  const out: string[] = [];
  for (let i = 0; i < size; i += 1024) {
    let chunk = '';
    for (let j = 0; j < 1024; j++) chunk += alphabet[rng.int(alphabet.length)];
    out.push(chunk);
  }
  return out.join('');
}

/** A special input by its name (the 10 MB ones are stored as fixtures by name, not by content). */
export function specialCase(name: string, examples: Topology[]): FuzzCase | undefined {
  for (const make of specials(examples)) {
    const c = make();
    if (c.kind === name) return c;
  }
  return undefined;
}

// ------------------------------------------------------------------------------ mutations

const TOKEN = /\s+|"(?:\\.|[^"\\])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[$A-Za-z_][\w\-.]*|\d[\w./%]*|[\s\S]/g;

function tokens(text: string): { start: number; end: number; ws: boolean }[] {
  const out: { start: number; end: number; ws: boolean }[] = [];
  for (const m of text.matchAll(TOKEN))
    out.push({ start: m.index!, end: m.index! + m[0].length, ws: /^\s+$/.test(m[0]) });
  return out;
}

const KEYWORDS = [
  'region',
  'site',
  'zone',
  'zones',
  'rtt',
  'project',
  'network',
  'router',
  'cluster',
  'controlPlane',
  'workers',
  'app',
  'storage',
  'gslb',
  'loadBalancer',
  'servers',
  'securityGroup',
  'secret',
  'param',
  'management',
  'connector',
  'replicas',
  'perZone',
  'count',
  'cidr',
  'cidrsubnet',
  'cidrhost',
  'gateway',
  'ha',
  'external',
  'vip',
  'api',
  'ingress',
  'pullSecret',
  'sshKey',
  'file',
  'env',
  'members',
  'backends',
  'via',
  'health',
  'every',
  'fall',
  'distribution',
  'openshift',
  'install',
  'ipi',
  'upi',
  'kind',
  'stretched-l2',
  'overlay',
  'routed-provider',
  'in',
  'role',
  'dmz',
  '{',
  '}',
  '(',
  ')',
  ',',
  ':',
  '=',
  '.',
];

const UNICODE = [
  'é',
  'ü',
  '日本',
  '✓',
  '😀',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u0301',
  '\ud800',
  '\udfff',
  '\u0000',
  '\u00a0',
  '\uffff',
  'Ω',
  '\t',
  '\r',
  '\r\n',
  '\v',
  '\f',
];

const SPECIAL_VALUES = [
  '0',
  '-1',
  '-3',
  '1.5',
  '00',
  '2147483648',
  '9007199254740993',
  '1' + '0'.repeat(309),
  '9'.repeat(1000),
  'NaN',
  'Infinity',
  '1e9',
  '0ms',
  '-5ms',
  '999999999h',
  '0%',
  '1000%',
  '0GiB',
  '0.0.0.0/0',
  '255.255.255.255/32',
  '10.0.0.1/24',
  '999.999.999.999',
  '10.0.0.0/33',
  '""',
  '"\\"',
  '$',
  '$x',
];

export function mutateText(text: string, rng: Rng, names: string[]): string {
  const op = rng.weighted<string>([
    [6, 'token-delete'],
    [4, 'token-dup'],
    [4, 'token-swap'],
    [5, 'token-replace'],
    [4, 'line-delete'],
    [3, 'line-dup'],
    [3, 'line-swap'],
    [2, 'line-move'],
    [3, 'bytes'],
    [3, 'unicode'],
    [5, 'number'],
    [4, 'name'],
    [1, 'truncate'],
    [1, 'splice'],
    [1, 'brace'],
  ]);
  switch (op) {
    case 'token-delete':
    case 'token-dup':
    case 'token-swap':
    case 'token-replace': {
      const toks = tokens(text).filter((t) => !t.ws);
      if (!toks.length) return text + rng.pick(KEYWORDS);
      const t = rng.pick(toks);
      const image = text.slice(t.start, t.end);
      if (op === 'token-delete') return text.slice(0, t.start) + text.slice(t.end);
      if (op === 'token-dup') return text.slice(0, t.end) + ' ' + image + text.slice(t.end);
      if (op === 'token-replace') {
        const by = rng.weighted<string>([
          [3, rng.pick(KEYWORDS)],
          [2, rng.pick(names.length ? names : ['x'])],
          [2, rng.pick(SPECIAL_VALUES)],
        ]);
        return text.slice(0, t.start) + by + text.slice(t.end);
      }
      const u = rng.pick(toks);
      if (u === t) return text;
      const [a, b] = t.start < u.start ? [t, u] : [u, t];
      return (
        text.slice(0, a.start) +
        text.slice(b.start, b.end) +
        text.slice(a.end, b.start) +
        text.slice(a.start, a.end) +
        text.slice(b.end)
      );
    }
    case 'line-delete':
    case 'line-dup':
    case 'line-swap':
    case 'line-move': {
      const lines = text.split('\n');
      const i = rng.int(lines.length);
      if (op === 'line-delete') lines.splice(i, 1);
      else if (op === 'line-dup') lines.splice(i, 0, lines[i]!);
      else if (op === 'line-swap') {
        const j = rng.int(lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      } else {
        const [l] = lines.splice(i, 1);
        lines.splice(rng.int(lines.length + 1), 0, l!);
      }
      return lines.join('\n');
    }
    case 'bytes': {
      let s = '';
      for (let n = rng.range(1, 16); n > 0; n--) s += String.fromCharCode(rng.int(256));
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + s + text.slice(at);
    }
    case 'unicode': {
      let s = '';
      for (let n = rng.range(1, 4); n > 0; n--) s += rng.pick(UNICODE);
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + s + text.slice(at);
    }
    case 'number': {
      const nums = [...text.matchAll(/\d+(\.\d+)?/g)];
      if (!nums.length) return text;
      const m = rng.pick(nums);
      const by = rng.weighted<string>([
        [3, '0'],
        [2, '-' + m[0]],
        [2, '1' + '0'.repeat(rng.range(10, 400))],
        [1, '2147483648'],
        [1, '9007199254740993'],
        [1, '1'],
        [1, '2'],
        [1, '4'],
        [1, '0.5'],
      ]);
      return text.slice(0, m.index!) + by + text.slice(m.index! + m[0].length);
    }
    case 'name': {
      // Make a name collide with another one, or refer to itself (cycles).
      if (names.length < 2) return text;
      const a = rng.pick(names);
      const b = rng.pick(names);
      const occurrences = [...text.matchAll(new RegExp(`(?<![\\w.$-])${escapeRegExp(a)}(?![\\w-])`, 'g'))];
      if (!occurrences.length) return text;
      const m = rng.pick(occurrences);
      return text.slice(0, m.index!) + b + text.slice(m.index! + a.length);
    }
    case 'truncate':
      return text.slice(0, rng.int(text.length + 1));
    case 'splice': {
      const a = rng.int(text.length + 1);
      const b = rng.int(text.length + 1);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + text.slice(lo, hi) + text.slice(at);
    }
    case 'brace': {
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + rng.pick(['{', '}', '{{', '}}', '"', '/*', '*/', '(', ')', '//']) + text.slice(at);
    }
    default:
      return text;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Declared names of a text (for collisions and cycles). */
function declaredNames(files: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const text of Object.values(files)) {
    for (const m of text.matchAll(
      /\b(?:region|site|zone|network|router|cluster|servers|loadBalancer|gslb|app|project|securityGroup|secret|param|management|connector|storage|workers)\s+([_a-zA-Z][\w-]*)/g,
    ))
      names.add(m[1]!);
  }
  return [...names].sort();
}

// ------------------------------------------------------------------------------ the plan

export interface Plan {
  seed: string;
  count: number;
  examples: Topology[];
}

export class CaseMaker {
  private readonly special: (() => FuzzCase)[];
  private readonly truncations: { topo: number; file: string; offset: number }[] = [];
  private readonly gen = new GrammarGenerator();

  constructor(private readonly plan: Plan) {
    this.special = specials(plan.examples);
    // Every offset of a few example files (the three smallest multi-file topologies' first files
    // and the largest single file), thinned out evenly when the run is short.
    const chosen: { topo: number; file: string }[] = [];
    const byName = (n: string): number => plan.examples.findIndex((t) => t.name === n);
    for (const [topo, file] of [
      ['k5-landing-zone', 'network.topo'],
      ['two-dc-gtm-ltm', 'traffic.topo'],
      ['stretched-ocp-ipi-rpn', 'stretched-ocp-ipi-rpn.topo'],
    ] as const) {
      const i = byName(topo);
      if (i >= 0 && plan.examples[i]!.files[file] !== undefined) chosen.push({ topo: i, file });
    }
    if (!chosen.length && plan.examples[0]) chosen.push({ topo: 0, file: Object.keys(plan.examples[0].files)[0]! });
    const all = chosen.flatMap((c) =>
      Array.from({ length: plan.examples[c.topo]!.files[c.file]!.length + 1 }, (_, offset) => ({ ...c, offset })),
    );
    const budget = Math.max(0, Math.min(all.length, Math.floor((plan.count - this.special.length) * 0.15)));
    const stride = budget ? all.length / budget : Infinity;
    for (let k = 0; k < budget; k++) this.truncations.push(all[Math.floor(k * stride)]!);
  }

  get specialCount(): number {
    return this.special.length;
  }

  get truncationCount(): number {
    return this.truncations.length;
  }

  make(index: number): FuzzCase {
    if (index < this.special.length) {
      const c = this.special[index]!();
      return { ...c, id: `${index}:${c.id}` };
    }
    let i = index - this.special.length;
    if (i < this.truncations.length) {
      const t = this.truncations[i]!;
      const topo = this.plan.examples[t.topo]!;
      return {
        id: `${index}:truncate:${topo.name}/${t.file}@${t.offset}`,
        kind: 'truncate',
        files: { ...topo.files, [t.file]: topo.files[t.file]!.slice(0, t.offset) },
      };
    }
    i -= this.truncations.length;
    const rng = new Rng(`${this.plan.seed}:${index}`);
    const kind = rng.weighted<string>([
      [55, 'mutate'],
      [25, 'generate'],
      [12, 'generate-mutate'],
      [8, 'files'],
    ]);
    let files: Record<string, string>;
    let origin: string;
    if (kind === 'mutate' || kind === 'files') {
      const topo = rng.pick(this.plan.examples);
      origin = topo.name;
      files = { ...topo.files };
    } else {
      origin = 'grammar';
      files = { 'gen.topo': this.gen.document(rng) };
      if (rng.chance(0.25)) files['more.topo'] = this.gen.document(rng, { maxElements: 8 });
    }
    if (kind === 'files') {
      const names = Object.keys(files);
      const op = rng.pick(['split', 'duplicate', 'merge', 'drop', 'add-generated']);
      const victim = rng.pick(names);
      if (op === 'split') {
        const lines = files[victim]!.split('\n');
        const at = rng.int(lines.length + 1);
        files[victim] = lines.slice(0, at).join('\n');
        files[`split-${victim}`] = lines.slice(at).join('\n');
      } else if (op === 'duplicate') {
        files[`copy-${victim}`] = files[victim]!;
      } else if (op === 'merge') {
        files = { 'all.topo': names.map((n) => files[n]).join('\n') };
      } else if (op === 'drop' && names.length > 1) {
        delete files[victim];
      } else {
        files['extra.topo'] = this.gen.document(rng, { maxElements: 6 });
      }
    }
    if (kind !== 'generate') {
      const names = declaredNames(files);
      const steps = rng.weighted([
        [5, 1],
        [3, 2],
        [2, rng.range(3, 8)],
        [1, rng.range(9, 30)],
      ]);
      for (let s = 0; s < steps; s++) {
        const victim = rng.pick(Object.keys(files).sort());
        files[victim] = mutateText(files[victim]!, rng, names);
      }
    }
    const params = rng.chance(0.08)
      ? Object.fromEntries(
          [
            ['subnet', rng.pick(['10.9.0.0/16', 'garbage', '', '999.0.0.0/8', '10.0.0.0/33', '0.0.0.0/0'])],
            ['env', rng.pick(['dev', '', '"', '${env}'])],
            ['count', rng.pick(['3', '-1', '0', 'x', '1e400'])],
          ].filter(() => rng.chance(0.6)),
        )
      : undefined;
    return { id: `${index}:${kind}:${origin}`, kind, files, ...(params ? { params } : {}) };
  }
}
