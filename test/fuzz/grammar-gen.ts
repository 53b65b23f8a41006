/**
 * A grammar-aware random generator: walks the rules of language/topo.langium (as Langium loaded
 * them) and writes a random derivation of `Document`. Declarations take names from small pools
 * per type and references pick from the same pools, so most references resolve and many
 * generated topologies get through to the generators; values come from per-terminal samples
 * that include edge cases (zero, huge numbers, unaligned CIDRs, odd strings).
 */
import { GrammarAST, type Grammar } from 'langium';
import { TopoGrammar } from '../../language/generated/grammar.js';
import type { Rng } from './rng.js';

const POOLS: Record<string, string[]> = {
  Region: ['dc1', 'dc2', 'east', 'west'],
  Zone: ['az1', 'az2', 'az3'],
  Project: ['dmz', 'shared', 'apps'],
  Network: ['n1', 'n2', 'ctrl', 'dmz-net'],
  Router: ['r1', 'r2', 'edge'],
  Connector: ['c1'],
  SecurityGroup: ['sg1', 'sg2', 'web-sg'],
  Cluster: ['ocp1', 'ocp2', 'k8s'],
  Servers: ['vm1', 'lbvm', 'db'],
  LoadBalancer: ['lb1', 'lb2'],
  Gslb: ['g1', 'gtm'],
  App: ['shop', 'api'],
  Storage: ['orders', 'files'],
  Management: ['mgmt'],
  Secret: ['pull', 'key', 'pw'],
  Param: ['p1', 'subnet', 'env', 'count'],
  WorkerPool: ['infra', 'gpu'],
};

/** Rule name → the type its `name=` declares (rules whose name is not their type are listed). */
const DECLARES: Record<string, string> = {};

export class GrammarGenerator {
  private readonly grammar: Grammar;
  private readonly rules = new Map<string, GrammarAST.AbstractRule>();
  private depth = 0;

  constructor() {
    this.grammar = TopoGrammar();
    for (const r of this.grammar.rules) this.rules.set(r.name, r);
  }

  /** One random document, as text. */
  document(rng: Rng, options: { maxElements?: number } = {}): string {
    const out: string[] = [];
    if (rng.chance(0.7)) out.push('topology', rng.pick(['gen', 'shop', 'x', 'a-b_c', 'T0']), '\n');
    const n = rng.range(1, options.maxElements ?? 24);
    const element = this.rules.get('Element') as GrammarAST.ParserRule;
    for (let i = 0; i < n; i++) {
      this.depth = 0;
      this.element(element.definition, rng, out, 'Element');
      out.push('\n');
    }
    return layout(out, rng);
  }

  private element(el: GrammarAST.AbstractElement, rng: Rng, out: string[], ruleName: string): void {
    const card = el.cardinality;
    let times = 1;
    const deep = this.depth > 14;
    if (card === '?') times = !deep && rng.chance(0.5) ? 1 : 0;
    else if (card === '*') times = deep ? 0 : rng.count(2, 8);
    else if (card === '+') times = 1 + (deep ? 0 : rng.count(1, 4));
    for (let i = 0; i < times; i++) this.once(el, rng, out, ruleName);
  }

  private once(el: GrammarAST.AbstractElement, rng: Rng, out: string[], ruleName: string): void {
    if (GrammarAST.isKeyword(el)) {
      out.push(el.value);
    } else if (GrammarAST.isGroup(el) || GrammarAST.isUnorderedGroup(el)) {
      for (const e of el.elements) this.element(e, rng, out, ruleName);
    } else if (GrammarAST.isAlternatives(el)) {
      this.element(rng.pick(el.elements), rng, out, ruleName);
    } else if (GrammarAST.isAssignment(el)) {
      if (el.feature === 'name' && GrammarAST.isRuleCall(el.terminal)) {
        out.push(this.declName(ruleName, rng));
      } else {
        this.element(el.terminal, rng, out, ruleName);
      }
    } else if (GrammarAST.isCrossReference(el)) {
      out.push(this.refName(el.type.ref?.name ?? '', rng));
    } else if (GrammarAST.isRuleCall(el)) {
      const rule = el.rule.ref;
      if (!rule) return;
      if (GrammarAST.isTerminalRule(rule)) out.push(terminalSample(rule.name, rng));
      else if (GrammarAST.isParserRule(rule)) {
        if (rule.name === 'Name' && rng.chance(0.8))
          out.push(rng.pick(['x', 'a1', 'foo-bar', 'dmz', 'internet', '_u']));
        else if (rule.name === 'QualifiedName') out.push(this.refName('Zone', rng));
        else {
          this.depth++;
          this.element(rule.definition, rng, out, rule.dataType ? ruleName : rule.name);
          this.depth--;
        }
      }
    }
    // Actions and anything else: no text.
  }

  private declName(ruleName: string, rng: Rng): string {
    const type = DECLARES[ruleName] ?? ruleName;
    const pool = POOLS[type];
    if (!pool || rng.chance(0.05)) return rng.pick(['x', 'dup', 'a', 'zz-top', 'n1', 'az1', 'dc1']);
    return rng.pick(pool);
  }

  private refName(type: string, rng: Rng): string {
    switch (type) {
      case 'Zone':
        return rng.chance(0.15) ? rng.pick(POOLS.Zone!) : `${rng.pick(POOLS.Region!)}.${rng.pick(POOLS.Zone!)}`;
      case 'FailureDomain':
        return rng.chance(0.5) ? rng.pick(POOLS.Region!) : this.refName('Zone', rng);
      case 'Param':
        return `$${rng.pick(POOLS.Param!)}`;
      case 'Backend':
        return rng.pick([...POOLS.Cluster!, ...POOLS.Servers!]);
      default: {
        const pool = POOLS[type];
        return pool ? rng.pick(pool) : rng.pick(['x', 'unknown']);
      }
    }
  }
}

/** A sample of each terminal, edge cases included. */
export function terminalSample(name: string, rng: Rng): string {
  const octet = (): number =>
    rng.weighted([
      [8, rng.int(256)],
      [1, 0],
      [1, 255],
      [0.3, 256 + rng.int(744)],
    ]);
  switch (name) {
    case 'CIDR': {
      const bits = rng.weighted([
        [5, 24],
        [3, 16],
        [2, 8 + rng.int(25)],
        [0.4, 0],
        [0.4, 32],
        [0.2, 33 + rng.int(67)],
      ]);
      if (rng.chance(0.7)) return `10.${rng.int(256)}.0.0/${bits}`;
      return `${octet()}.${octet()}.${octet()}.${octet()}/${bits}`;
    }
    case 'IP':
      return rng.chance(0.7)
        ? `10.${rng.int(4)}.${rng.int(4)}.${rng.range(1, 254)}`
        : `${octet()}.${octet()}.${octet()}.${octet()}`;
    case 'VERSION':
      return rng.pick(['4.16.3', '4.14.0', '1.29.0', '0.0.0', '99999.99999.99999']);
    case 'DURATION':
      return `${numberText(rng)}${rng.pick(['ms', 's', 'm', 'h'])}`;
    case 'BANDWIDTH':
      return `${numberText(rng)}${rng.pick(['Gbps', 'Mbps', 'Tbps'])}`;
    case 'SIZE':
      return `${numberText(rng)}${rng.pick(['TiB', 'GiB', 'MiB', 'TB', 'GB', 'MB'])}`;
    case 'PERCENT':
      return `${numberText(rng)}%`;
    case 'NUMBER':
      return numberText(rng);
    case 'PARAM_REF':
      return `$${rng.pick(POOLS.Param!)}`;
    case 'ID':
      return rng.pick(['x', 'foo', 'a_b', 'z-9', '_', 'A'.repeat(rng.range(1, 300))]);
    case 'STRING':
      return rng.weighted([
        [6, '"m1.large"'],
        [3, '"example.com"'],
        [3, '"~/.pull-secret.json"'],
        [2, '"${env}"'],
        [2, '"shop.${env}.example.com"'],
        [2, '"/healthz"'],
        [1, '""'],
        [1, '"a \\"quoted\\" \\\\ word"'],
        [1, '"line one\nline two"'],
        [1, '"../../../etc/passwd"'],
        [1, '"/etc/shadow"'],
        [1, '"C:\\\\Windows\\\\x"'],
        [1, '"ünïcødé ✓ 日本 \u202e rtl"'],
        [1, '"${undefined-param}"'],
        [1, '"${"'],
        [1, `"${'x'.repeat(rng.range(100, 5000))}"`],
        [1, '"con"'],
        [1, '"a/b\\u0000c"'],
      ]);
    default:
      return 'x';
  }
}

function numberText(rng: Rng): string {
  return rng.weighted([
    [10, String(rng.int(10))],
    [4, String(rng.int(200))],
    [2, '3'],
    [1, '0'],
    [1, '1.5'],
    [1, '0.0001'],
    [1, '2147483648'],
    [1, '9007199254740993'],
    [1, '1' + '0'.repeat(rng.range(20, 400))],
    [0.5, '00000007'],
  ]);
}

/** Joins tokens with spaces, newlines after braces, now and then odd whitespace. */
function layout(tokens: string[], rng: Rng): string {
  let s = '';
  for (const t of tokens) {
    if (t === '\n') {
      s += '\n';
      continue;
    }
    const sep =
      s === '' || s.endsWith('\n')
        ? ''
        : rng.weighted([
            [20, ' '],
            [2, '\n  '],
            [1, '\t'],
            [0.3, ' /* c */ '],
            [0.3, ' // c\n'],
          ]);
    s += sep + t;
    if (t === '{' && rng.chance(0.5)) s += '\n  ';
  }
  return s;
}
