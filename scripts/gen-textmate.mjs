// Generates syntaxes/topo.tmLanguage.json from the grammar's keywords, sorted into scopes that
// themes colour well: declarations (with the declared name), properties and value constants.
// `node scripts/gen-textmate.mjs --check` fails when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';

const grammar = readFileSync(new URL('../language/topo.langium', import.meta.url), 'utf8');
const keywords = [...new Set([...grammar.matchAll(/'([A-Za-z][\w-]*)'/g)].map((m) => m[1]))].sort();

const declarations = [
  'topology',
  'param',
  'secret',
  'region',
  'site',
  'zone',
  'project',
  'network',
  'router',
  'connector',
  'securityGroup',
  'cluster',
  'servers',
  'loadBalancer',
  'gslb',
  'app',
  'storage',
  'management',
  'workers',
];
const blocks = ['controlPlane', 'rtt', 'firewall', 'etcd', 'health', 'hpa', 'listen'];
const constants = [
  'openstack',
  'vsphere',
  'kvm',
  'hyper-v',
  'baremetal',
  'aws',
  'azure',
  'gcp',
  'k5',
  'dmz',
  'shared-services',
  'department',
  'none',
  'snat',
  'dnat',
  'stretched-l2',
  'routed-provider',
  'overlay',
  'internet',
  'on',
  'off',
  'allow',
  'deny',
  'tcp',
  'udp',
  'icmp',
  'vrrp',
  'any',
  'anywhere',
  'openshift',
  'kubernetes',
  'ipi',
  'upi',
  'OVNKubernetes',
  'OpenShiftSDN',
  'Calico',
  'Cilium',
  'Kuryr',
  'anti-affinity',
  'soft-anti-affinity',
  'affinity',
  'soft-affinity',
  'standard',
  'slower',
  'managed',
  'haproxy',
  'nfs',
  'bastion',
  'database',
  'proxy',
  'vpn',
  'dns',
  'console',
  'generic',
  'octavia',
  'f5',
  'http',
  'https',
  'terminate',
  'reencrypt',
  'passthrough',
  'round-robin',
  'least-connections',
  'source-ip',
  'failover',
  'geo',
  'weighted',
  'powerdns',
  'k8gb',
  'infra-async',
  'app-async',
  'partitioned',
  'sync',
  'ha',
  'distributed',
  'soft',
  'floatingIps',
];
// Words that are both a value and a declaration/property keyword are coloured as the latter.
const valueWords = constants.filter((k) => keywords.includes(k) && !declarations.includes(k));
const propertyWords = keywords.filter(
  (k) => !declarations.includes(k) && !blocks.includes(k) && !valueWords.includes(k),
);

const alt = (words) =>
  [...words]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((w) => w.replace(/-/g, '\\-'))
    .join('|');
const word = (words) => `(?<![\\w-])(?:${alt(words)})(?![\\w-])`;

const tm = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'topo',
  scopeName: 'source.topo',
  fileTypes: ['topo'],
  patterns: [
    { include: '#comments' },
    { include: '#strings' },
    {
      name: 'meta.declaration.topo',
      match: `(?<![\\w-])(${alt(declarations)})(?![\\w-])\\s+(?!\\{)([_a-zA-Z][\\w-]*)`,
      captures: { 1: { name: 'storage.type.topo' }, 2: { name: 'entity.name.type.topo' } },
    },
    { name: 'storage.type.topo', match: word(declarations) },
    { name: 'keyword.control.topo', match: word(blocks) },
    { name: 'constant.language.topo', match: word(valueWords) },
    { name: 'keyword.other.property.topo', match: word(propertyWords) },
    { name: 'constant.numeric.cidr.topo', match: '\\b\\d{1,3}(?:\\.\\d{1,3}){3}/\\d{1,2}\\b' },
    { name: 'constant.numeric.ip.topo', match: '\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b' },
    {
      name: 'constant.numeric.unit.topo',
      match: '\\b(\\d+(?:\\.\\d+)?)(ms|s|m|h|Gbps|Mbps|Tbps|TiB|GiB|MiB|TB|GB|MB|%)(?![\\w])',
      captures: { 1: { name: 'constant.numeric.topo' }, 2: { name: 'keyword.other.unit.topo' } },
    },
    { name: 'constant.numeric.topo', match: '\\b\\d+(?:\\.\\d+)*\\b' },
    { name: 'variable.other.parameter.topo', match: '\\$[_a-zA-Z][\\w-]*' },
    { name: 'punctuation.section.block.topo', match: '[{}]' },
  ],
  repository: {
    comments: {
      patterns: [
        {
          name: 'comment.line.double-slash.topo',
          match: '(//)\\s*(topo-ignore)?(.*)$',
          captures: { 1: { name: 'punctuation.definition.comment.topo' }, 2: { name: 'keyword.other.directive.topo' } },
        },
        {
          name: 'comment.block.topo',
          begin: '/\\*',
          end: '\\*/',
          captures: { 0: { name: 'punctuation.definition.comment.topo' } },
        },
      ],
    },
    strings: {
      name: 'string.quoted.double.topo',
      begin: '"',
      end: '"',
      patterns: [
        { name: 'constant.character.escape.topo', match: '\\\\.' },
        {
          name: 'meta.interpolation.topo',
          match: '(\\$\\{)([_a-zA-Z][\\w-]*)(\\})',
          captures: {
            1: { name: 'punctuation.section.interpolation.begin.topo' },
            2: { name: 'variable.other.parameter.topo' },
            3: { name: 'punctuation.section.interpolation.end.topo' },
          },
        },
      ],
    },
  },
};

const out = JSON.stringify(tm, null, 2) + '\n';
const target = new URL('../syntaxes/topo.tmLanguage.json', import.meta.url);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    /* missing */
  }
  if (current !== out) {
    console.error('syntaxes/topo.tmLanguage.json is out of date: run `node scripts/gen-textmate.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(target, out);
  console.log(`syntaxes/topo.tmLanguage.json: ${keywords.length} keywords`);
}
