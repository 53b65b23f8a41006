/**
 * Offline checks for generated Terraform (OpenStack provider).
 *
 * validateTerraform(files): parses every file with @cdktf/hcl2json (HashiCorp's HCL parser built
 * to WebAssembly) and checks the resulting JSON against the provider's argument lists in
 * test/fixtures/terraform/terraform-openstack-arguments.json (see ORIGIN.md there):
 *   - every `resource` type is listed; every argument and nested block name of a resource is
 *     listed (Terraform's meta-arguments are always allowed); required arguments are present;
 *     a nested block's own argument names are checked where the JSON lists them; `dynamic`
 *     blocks are checked like the block they generate;
 *   - `variable`, `output`, `locals`, `terraform { required_providers }`, `provider "openstack"`
 *     and `data` blocks are well formed; references to var./local./resources/data resolve;
 *   - files of the module that are not `.tf` (cloud-init user_data ...) are not parsed: they are
 *     what `file("${path.module}/...")` reads, and every such reference must name one of them
 *     (`${count.index}` in the path standing for any index).
 * hcl2json shapes: a block is an array of objects (`network { }` => "network": [{...}]), a
 * labelled block nests one object per label (`resource "t" "n" {}` => resource.t.n = [{...}]),
 * an attribute whose value is an object stays an object, expressions become "${...}" strings.
 *
 * checkTerraformFormat(content): reports what `terraform fmt` would change. It ports the
 * formatting rules of hashicorp/hcl hclwrite/format.go (hcl/v2; formatIndent, formatSpaces with
 * spaceAfterToken, formatCells for `=` and trailing-comment alignment, linesForFormat) onto a
 * small HCL tokenizer, plus what terraform's own fmt command adds (hashicorp/terraform
 * internal/command/fmt.go: unwrapping interpolation-only strings "${x}", legacy variable type
 * constraints, quoted block labels) and three house rules (no tabs, no trailing whitespace at
 * all, exactly one final newline).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as hcl2json } from '@cdktf/hcl2json';

export interface TfFile {
  name: string;
  content: string;
}

interface ResourceSpec {
  arguments: string[];
  blocks: Record<string, string[]>;
  required: string[];
}

export const TERRAFORM_ARGUMENTS_PATH = fileURLToPath(
  new URL('../fixtures/terraform/terraform-openstack-arguments.json', import.meta.url),
);

let specs: Record<string, ResourceSpec> | undefined;
export function resourceSpecs(): Record<string, ResourceSpec> {
  specs ??= JSON.parse(readFileSync(TERRAFORM_ARGUMENTS_PATH, 'utf8')) as Record<string, ResourceSpec>;
  return specs;
}

/** Terraform meta-arguments valid in every resource block. */
const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);
const LIFECYCLE_ARGS = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
const VARIABLE_ARGS = new Set(['type', 'default', 'description', 'sensitive', 'nullable', 'validation', 'ephemeral']);
const RESERVED_VARIABLE_NAMES = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'lifecycle',
  'depends_on',
  'locals',
]);
const OUTPUT_ARGS = new Set(['value', 'description', 'sensitive', 'depends_on', 'precondition', 'ephemeral']);
const TERRAFORM_ARGS = new Set([
  'required_version',
  'required_providers',
  'backend',
  'cloud',
  'experiments',
  'provider_meta',
]);
const TOP_LEVEL = new Set([
  'resource',
  'data',
  'variable',
  'output',
  'locals',
  'terraform',
  'provider',
  'module',
  'moved',
  'import',
  'removed',
  'check',
]);
/**
 * provider "openstack" arguments: terraform-provider-openstack docs/index.md "Configuration
 * Reference" (commit 1267098085599b44d148baa0df760d459c9eed80), plus Terraform's `alias` and the
 * deprecated `version` meta-arguments.
 */
const OPENSTACK_PROVIDER_ARGS = new Set([
  'auth_url',
  'cloud',
  'region',
  'user_name',
  'user_id',
  'application_credential_id',
  'application_credential_name',
  'application_credential_secret',
  'tenant_id',
  'tenant_name',
  'password',
  'token',
  'user_domain_name',
  'user_domain_id',
  'project_domain_name',
  'project_domain_id',
  'domain_id',
  'domain_name',
  'default_domain',
  'system_scope',
  'insecure',
  'cacert_file',
  'cert',
  'key',
  'endpoint_type',
  'endpoint_overrides',
  'swauth',
  'use_mutex',
  'disable_no_cache_header',
  'delayed_auth',
  'allow_reauth',
  'max_retries',
  'enable_logging',
  'alias',
  'version',
]);
const OPENSTACK_SOURCES = new Set([
  'terraform-provider-openstack/openstack',
  'registry.terraform.io/terraform-provider-openstack/openstack',
]);
/** Built-in resource types that need no provider. */
const BUILTIN_RESOURCES = new Set(['terraform_data']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBlockList = (v: unknown): v is Obj[] => Array.isArray(v) && v.every(isObj);

export async function validateTerraform(files: TfFile[]): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  const parsed: { name: string; json: Obj }[] = [];
  const moduleFiles = files.filter((f) => !f.name.endsWith('.tf')).map((f) => f.name);
  files = files.filter((f) => f.name.endsWith('.tf'));
  for (const f of files) {
    try {
      parsed.push({ name: f.name, json: (await hcl2json(f.name, f.content)) as Obj });
    } catch (e) {
      errors.push(`${f.name}: HCL parse error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const declared = {
    variables: new Set<string>(),
    locals: new Set<string>(),
    resources: new Set<string>(),
    data: new Set<string>(),
    modules: new Set<string>(),
  };
  const seenResources = new Map<string, string>();
  const defaultProviders = new Map<string, string>();
  let openstackRequired = false;
  let usesOpenstack = false;
  const strings: { where: string; text: string }[] = [];

  const known = resourceSpecs();
  for (const { name: file, json } of parsed) {
    collectStrings(json, file, strings);
    for (const key of Object.keys(json)) {
      if (!TOP_LEVEL.has(key)) errors.push(`${file}: unknown top-level block "${key}"`);
    }

    // resource "type" "name" { ... }
    for (const [type, byName] of Object.entries(asObj(json.resource, `${file}: resource`, errors))) {
      if (type.startsWith('openstack_')) usesOpenstack = true;
      for (const [name, bodies] of Object.entries(asObj(byName, `${file}: resource "${type}"`, errors))) {
        const where = `${file}: resource "${type}" "${name}"`;
        const id = `${type}.${name}`;
        if (seenResources.has(id) || !isBlockList(bodies) || bodies.length !== 1) {
          errors.push(`${where}: duplicate resource (also in ${seenResources.get(id) ?? file})`);
        }
        seenResources.set(id, file);
        declared.resources.add(id);
        const spec = known[type];
        if (!spec && !BUILTIN_RESOURCES.has(type)) {
          errors.push(`${where}: unknown resource type "${type}"`);
          continue;
        }
        for (const body of isBlockList(bodies) ? bodies : []) {
          if (spec) checkResourceBody(where, body, spec, errors);
        }
      }
    }

    // data "type" "name" { ... }: shape only (the argument lists cover resources, not data sources)
    for (const [type, byName] of Object.entries(asObj(json.data, `${file}: data`, errors))) {
      for (const [name, bodies] of Object.entries(asObj(byName, `${file}: data "${type}"`, errors))) {
        if (!isBlockList(bodies) || bodies.length !== 1)
          errors.push(`${file}: data "${type}" "${name}": duplicate or malformed block`);
        declared.data.add(`${type}.${name}`);
      }
    }

    for (const [name, bodies] of Object.entries(asObj(json.variable, `${file}: variable`, errors))) {
      const where = `${file}: variable "${name}"`;
      declared.variables.add(name);
      if (RESERVED_VARIABLE_NAMES.has(name)) errors.push(`${where}: "${name}" is a reserved variable name`);
      if (!isBlockList(bodies) || bodies.length !== 1) {
        errors.push(`${where}: duplicate or malformed block`);
        continue;
      }
      const body = bodies[0]!;
      for (const key of Object.keys(body)) {
        if (!VARIABLE_ARGS.has(key)) errors.push(`${where}: unknown argument "${key}"`);
      }
      if ('type' in body && !(typeof body.type === 'string' && body.type.startsWith('${'))) {
        errors.push(
          `${where}: type must be a type constraint such as string or list(string), not ${JSON.stringify(body.type)}`,
        );
      }
      if ('validation' in body) {
        for (const v of isBlockList(body.validation) ? body.validation : [{}]) {
          for (const k of ['condition', 'error_message'])
            if (!(k in v)) errors.push(`${where}: validation block needs "${k}"`);
        }
      }
    }

    for (const [name, bodies] of Object.entries(asObj(json.output, `${file}: output`, errors))) {
      const where = `${file}: output "${name}"`;
      if (!isBlockList(bodies) || bodies.length !== 1) {
        errors.push(`${where}: duplicate or malformed block`);
        continue;
      }
      const body = bodies[0]!;
      if (!('value' in body)) errors.push(`${where}: missing required argument "value"`);
      for (const key of Object.keys(body))
        if (!OUTPUT_ARGS.has(key)) errors.push(`${where}: unknown argument "${key}"`);
    }

    if ('locals' in json) {
      if (!isBlockList(json.locals)) errors.push(`${file}: locals: malformed block`);
      else for (const l of json.locals) for (const k of Object.keys(l)) declared.locals.add(k);
    }

    for (const [name, bodies] of Object.entries(asObj(json.module, `${file}: module`, errors))) {
      declared.modules.add(name);
      if (!isBlockList(bodies) || !bodies.every((b) => 'source' in b))
        errors.push(`${file}: module "${name}": needs "source"`);
    }

    if ('terraform' in json) {
      if (!isBlockList(json.terraform)) errors.push(`${file}: terraform: malformed block`);
      else {
        for (const t of json.terraform) {
          for (const key of Object.keys(t))
            if (!TERRAFORM_ARGS.has(key)) errors.push(`${file}: terraform: unknown argument "${key}"`);
          if (!('required_providers' in t)) continue;
          if (!isBlockList(t.required_providers)) {
            errors.push(`${file}: terraform: required_providers must be a block`);
            continue;
          }
          for (const rp of t.required_providers) {
            for (const [local, req] of Object.entries(rp)) {
              const where = `${file}: terraform.required_providers.${local}`;
              if (!isObj(req)) {
                errors.push(`${where}: must be an object { source = ..., version = ... }`);
                continue;
              }
              for (const k of Object.keys(req)) {
                if (!['source', 'version', 'configuration_aliases'].includes(k))
                  errors.push(`${where}: unknown argument "${k}"`);
              }
              if (local === 'openstack') {
                openstackRequired = true;
                if (typeof req.source !== 'string' || !OPENSTACK_SOURCES.has(req.source)) {
                  errors.push(
                    `${where}: source must be "terraform-provider-openstack/openstack", not ${JSON.stringify(req.source)}`,
                  );
                }
                if (typeof req.version !== 'string') errors.push(`${where}: missing version constraint`);
              }
            }
          }
        }
      }
    }

    for (const [pname, bodies] of Object.entries(asObj(json.provider, `${file}: provider`, errors))) {
      const where = `${file}: provider "${pname}"`;
      if (!isBlockList(bodies)) {
        errors.push(`${where}: malformed block`);
        continue;
      }
      for (const body of bodies) {
        if (!('alias' in body)) {
          if (defaultProviders.has(pname))
            errors.push(
              `${where}: duplicate default configuration (also in ${defaultProviders.get(pname)}); add alias`,
            );
          defaultProviders.set(pname, file);
        }
        if (pname === 'openstack') {
          for (const key of Object.keys(body))
            if (!OPENSTACK_PROVIDER_ARGS.has(key)) errors.push(`${where}: unknown argument "${key}"`);
        }
      }
    }
  }

  if (usesOpenstack && parsed.length === files.length && !openstackRequired) {
    errors.push(
      'terraform { required_providers { openstack = { source = "terraform-provider-openstack/openstack" ... } } } is missing',
    );
  }

  // References: var.x, local.x, data.t.n, module.m, <resource type>.<name>
  if (parsed.length === files.length) {
    for (const { where, text } of strings) {
      for (const m of text.matchAll(/\bfile\("\$\{path\.module\}\/((?:[^"\\]|\\.)*)"\)/g)) {
        const pattern = new RegExp(
          `(^|/)${m[1]!
            .split('${count.index}')
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('\\d+')}$`,
        );
        if (!moduleFiles.some((f) => pattern.test(f)))
          errors.push(`${where}: file("\${path.module}/${m[1]}") names no file of the module`);
      }
      for (const expr of interpolations(text)) {
        const stripped = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        for (const m of stripped.matchAll(
          /(?<![\w.])(var|local|data|module|[a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g,
        )) {
          const [, head, a, b] = m;
          if (head === 'var' && !declared.variables.has(a!))
            errors.push(`${where}: reference to undeclared variable var.${a}`);
          else if (head === 'local' && !declared.locals.has(a!))
            errors.push(`${where}: reference to undeclared local.${a}`);
          else if (head === 'module' && !declared.modules.has(a!))
            errors.push(`${where}: reference to undeclared module.${a}`);
          else if (head === 'data' && b !== undefined && !declared.data.has(`${a}.${b}`))
            errors.push(`${where}: reference to undeclared data.${a}.${b}`);
          else if (
            (head!.startsWith('openstack_') || head! in known || BUILTIN_RESOURCES.has(head!)) &&
            !declared.resources.has(`${head}.${a}`)
          ) {
            errors.push(`${where}: reference to undeclared resource ${head}.${a}`);
          }
        }
      }
    }
  }

  return { errors: [...new Set(errors)] };
}

function asObj(v: unknown, where: string, errors: string[]): Obj {
  if (v === undefined) return {};
  if (!isObj(v)) {
    errors.push(`${where}: malformed block`);
    return {};
  }
  return v;
}

function checkResourceBody(where: string, body: Obj, spec: ResourceSpec, errors: string[]): void {
  const args = new Set(spec.arguments);
  if ('count' in body && 'for_each' in body) errors.push(`${where}: "count" and "for_each" cannot both be set`);
  for (const [key, value] of Object.entries(body)) {
    if (key === 'lifecycle') {
      for (const lc of isBlockList(value) ? value : []) {
        for (const k of Object.keys(lc))
          if (!LIFECYCLE_ARGS.has(k)) errors.push(`${where}: lifecycle: unknown argument "${k}"`);
      }
      if (!isBlockList(value)) errors.push(`${where}: lifecycle must be a block`);
      continue;
    }
    if (key === 'depends_on') {
      if (!Array.isArray(value)) errors.push(`${where}: depends_on must be a list`);
      continue;
    }
    if (RESOURCE_META.has(key)) continue;
    if (key === 'dynamic') {
      for (const [blockName, defs] of Object.entries(isObj(value) ? value : {})) {
        if (!(blockName in spec.blocks) && !args.has(blockName)) {
          errors.push(`${where}: dynamic "${blockName}": unknown block type`);
          continue;
        }
        for (const def of isBlockList(defs) ? defs : []) {
          for (const k of Object.keys(def)) {
            if (!['for_each', 'iterator', 'labels', 'content'].includes(k))
              errors.push(`${where}: dynamic "${blockName}": unknown argument "${k}"`);
          }
          if (!('for_each' in def)) errors.push(`${where}: dynamic "${blockName}": missing "for_each"`);
          const contents = isBlockList(def.content) ? def.content : [];
          if (contents.length !== 1) errors.push(`${where}: dynamic "${blockName}": needs exactly one content block`);
          for (const c of contents)
            checkNestedBlock(`${where}: dynamic "${blockName}" content`, blockName, c, spec, errors);
        }
      }
      continue;
    }
    if (key in spec.blocks) {
      if (isObj(value)) {
        errors.push(`${where}: "${key}" is a block: write ${key} { ... }, not ${key} = { ... }`);
      } else if (isBlockList(value)) {
        for (const b of value) checkNestedBlock(`${where}: ${key}`, key, b, spec, errors);
      }
      continue;
    }
    if (!args.has(key)) errors.push(`${where}: unknown argument "${key}"`);
  }
  for (const r of spec.required) {
    if (!(r in body) && !(isObj(body.dynamic) && r in body.dynamic))
      errors.push(`${where}: missing required argument "${r}"`);
  }
}

function checkNestedBlock(where: string, blockName: string, block: Obj, spec: ResourceSpec, errors: string[]): void {
  const allowed = spec.blocks[blockName];
  if (!allowed) return; // block not detailed in the argument list
  for (const k of Object.keys(block)) {
    if (k === 'dynamic') continue;
    if (!allowed.includes(k)) errors.push(`${where}: unknown argument "${k}" (known: ${allowed.join(', ')})`);
  }
}

function collectStrings(v: unknown, where: string, out: { where: string; text: string }[]): void {
  if (typeof v === 'string') {
    if (v.includes('${')) out.push({ where, text: v });
  } else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, where, out));
  else if (isObj(v)) for (const x of Object.values(v)) collectStrings(x, where, out);
}

/** The contents of each top-level ${ ... } in an hcl2json string. */
function interpolations(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while ((i = s.indexOf('${', i)) !== -1) {
    if (i > 0 && s[i - 1] === '$') {
      i += 2;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let inStr = false;
    for (; j < s.length && depth > 0; j++) {
      const c = s[j];
      if (inStr) {
        if (c === '\\') j++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    out.push(s.slice(i + 2, j - 1));
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Format check: a port of hclwrite's format rules (hashicorp/hcl, hclwrite/format.go, hcl/v2).

type TokType =
  | 'Newline'
  | 'Comment'
  | 'Ident'
  | 'NumberLit'
  | 'OQuote'
  | 'CQuote'
  | 'QuotedLit'
  | 'TemplateInterp'
  | 'TemplateControl'
  | 'TemplateSeqEnd'
  | 'OHeredoc'
  | 'CHeredoc'
  | 'StringLit'
  | 'OBrace'
  | 'CBrace'
  | 'OBrack'
  | 'CBrack'
  | 'OParen'
  | 'CParen'
  | 'Comma'
  | 'Dot'
  | 'Ellipsis'
  | 'Equal'
  | 'Colon'
  | 'DoubleColon'
  | 'Question'
  | 'Minus'
  | 'Plus'
  | 'Star'
  | 'Slash'
  | 'Percent'
  | 'Bang'
  | 'EqualOp'
  | 'NotEqual'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'LessThan'
  | 'LessThanEq'
  | 'And'
  | 'Or'
  | 'FatArrow'
  | 'Invalid'
  | 'Nil';

interface Tok {
  type: TokType;
  text: string;
  line: number;
  /** Whitespace characters actually before the token (outside template literals). */
  spaces: number;
  tab: boolean;
  /** What hclwrite's formatter would set. */
  want: number;
}

const OPERATORS: [string, TokType][] = [
  ['...', 'Ellipsis'],
  ['::', 'DoubleColon'],
  ['==', 'EqualOp'],
  ['!=', 'NotEqual'],
  ['<=', 'LessThanEq'],
  ['>=', 'GreaterThanEq'],
  ['&&', 'And'],
  ['||', 'Or'],
  ['=>', 'FatArrow'],
  ['{', 'OBrace'],
  ['}', 'CBrace'],
  ['[', 'OBrack'],
  [']', 'CBrack'],
  ['(', 'OParen'],
  [')', 'CParen'],
  [',', 'Comma'],
  ['.', 'Dot'],
  ['=', 'Equal'],
  [':', 'Colon'],
  ['?', 'Question'],
  ['-', 'Minus'],
  ['+', 'Plus'],
  ['*', 'Star'],
  ['/', 'Slash'],
  ['%', 'Percent'],
  ['!', 'Bang'],
  ['<', 'LessThan'],
  ['>', 'GreaterThan'],
];

type Frame =
  | { kind: 'normal'; interp: boolean; braces: number }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; marker: string; sol: boolean };

function tokenize(src: string): { tokens: Tok[]; problems: string[] } {
  const tokens: Tok[] = [];
  const problems: string[] = [];
  const stack: Frame[] = [{ kind: 'normal', interp: false, braces: 0 }];
  let i = 0;
  let line = 1;
  let spaces = 0;
  let tab = false;
  const push = (type: TokType, text: string) => {
    tokens.push({ type, text, line, spaces, tab, want: -1 });
    spaces = 0;
    tab = false;
    for (const c of text) if (c === '\n') line++;
  };
  while (i < src.length) {
    const top = stack[stack.length - 1]!;
    const rest = src.slice(i, i + 3);
    if (top.kind === 'quoted') {
      if (src[i] === '"') {
        push('CQuote', '"');
        stack.pop();
        i++;
      } else if (src[i] === '\n' || (src[i] === '\r' && src[i + 1] === '\n')) {
        problems.push(`line ${line}: unterminated string`);
        stack.pop();
      } else if (rest.startsWith('${') || rest.startsWith('%{')) {
        const t = src[i + 2] === '~' ? rest : rest.slice(0, 2);
        push(rest[0] === '$' ? 'TemplateInterp' : 'TemplateControl', t);
        stack.push({ kind: 'normal', interp: true, braces: 0 });
        i += t.length;
      } else {
        let j = i;
        while (j < src.length && src[j] !== '"' && src[j] !== '\n' && !(src[j] === '\r' && src[j + 1] === '\n')) {
          if (src[j] === '\\') j += 2;
          else if (src.startsWith('$${', j) || src.startsWith('%%{', j)) j += 3;
          else if (src.startsWith('${', j) || src.startsWith('%{', j)) break;
          else j++;
        }
        push('QuotedLit', src.slice(i, j));
        i = j;
      }
      continue;
    }
    if (top.kind === 'heredoc') {
      const eol = src.indexOf('\n', i);
      const lineEnd = eol === -1 ? src.length : eol;
      if (top.sol && src.slice(i, lineEnd).replace(/\r$/, '').trim() === top.marker) {
        const text = src.slice(i, lineEnd).replace(/\r$/, '');
        push('CHeredoc', text);
        i += text.length;
        stack.pop();
        continue;
      }
      if (src.startsWith('${', i) || src.startsWith('%{', i)) {
        const t = src[i + 2] === '~' ? src.slice(i, i + 3) : src.slice(i, i + 2);
        push(src[i] === '$' ? 'TemplateInterp' : 'TemplateControl', t);
        stack.push({ kind: 'normal', interp: true, braces: 0 });
        top.sol = false;
        i += t.length;
        continue;
      }
      let j = i;
      while (j < src.length && src[j] !== '\n') {
        if (src.startsWith('$${', j) || src.startsWith('%%{', j)) j += 3;
        else if (src.startsWith('${', j) || src.startsWith('%{', j)) break;
        else j++;
      }
      const endsLine = src[j] === '\n';
      if (endsLine) j++;
      if (j === i) {
        problems.push(`line ${line}: unterminated heredoc <<${top.marker}`);
        stack.pop();
        continue;
      }
      push('StringLit', src.slice(i, j));
      top.sol = endsLine;
      i = j;
      continue;
    }
    // normal mode
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      spaces++;
      if (c === '\t') tab = true;
      i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      push('Newline', c === '\r' ? '\r\n' : '\n');
      i += c === '\r' ? 2 : 1;
      continue;
    }
    if (c === '#' || src.startsWith('//', i)) {
      const eol = src.indexOf('\n', i);
      const text = eol === -1 ? src.slice(i) : src.slice(i, eol + 1);
      push('Comment', text);
      i += text.length;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const text = end === -1 ? src.slice(i) : src.slice(i, end + 2);
      if (end === -1) problems.push(`line ${line}: unterminated /* comment`);
      push('Comment', text);
      i += text.length;
      continue;
    }
    if (c === '"') {
      push('OQuote', '"');
      stack.push({ kind: 'quoted' });
      i++;
      continue;
    }
    const heredoc = /^<<(-?)([A-Za-z_][\w-]*)\r?\n/.exec(src.slice(i, i + 200));
    if (heredoc) {
      push('OHeredoc', heredoc[0]);
      stack.push({ kind: 'heredoc', marker: heredoc[2]!, sol: true });
      i += heredoc[0].length;
      continue;
    }
    const num = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i, i + 100));
    if (num) {
      push('NumberLit', num[0]);
      i += num[0].length;
      continue;
    }
    const ident = /^[\p{ID_Start}_][\p{ID_Continue}-]*/u.exec(src.slice(i, i + 256));
    if (ident) {
      push('Ident', ident[0]);
      i += ident[0].length;
      continue;
    }
    if (top.interp && (c === '}' || src.startsWith('~}', i)) && top.braces === 0) {
      const t = c === '~' ? '~}' : '}';
      push('TemplateSeqEnd', t);
      stack.pop();
      i += t.length;
      continue;
    }
    const op = OPERATORS.find(([s]) => src.startsWith(s, i));
    if (op) {
      if (op[1] === 'OBrace' && top.kind === 'normal') top.braces++;
      if (op[1] === 'CBrace' && top.kind === 'normal') top.braces--;
      push(op[1], op[0]);
      i += op[0].length;
      continue;
    }
    problems.push(`line ${line}: unexpected character ${JSON.stringify(c)}`);
    push('Invalid', c);
    i++;
  }
  return { tokens, problems };
}

function bracketChange(t: Tok): number {
  switch (t.type) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateControl':
    case 'TemplateInterp':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}

const isNewlineTok = (t: Tok) => t.type === 'Newline' || (t.type === 'Comment' && t.text.endsWith('\n'));
const NIL: Tok = { type: 'Nil', text: '', line: 0, spaces: 0, tab: false, want: 0 };

/** hclwrite spaceAfterToken (hcl/v2), verbatim in logic. */
function spaceAfterToken(subject: Tok, before: Tok, after: Tok): boolean {
  const s = subject.type;
  const a = after.type;
  if (a === 'Newline' || a === 'Nil') return false;
  if (s === 'Ident' && a === 'OParen') return false;
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  if (
    s === 'QuotedLit' ||
    s === 'StringLit' ||
    s === 'OQuote' ||
    s === 'OHeredoc' ||
    a === 'QuotedLit' ||
    a === 'StringLit' ||
    a === 'CQuote' ||
    a === 'CHeredoc'
  )
    return false;
  if (s === 'Ident' && subject.text === 'in' && before.type === 'Ident') return true;
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(subject) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') {
    switch (before.type) {
      case 'Nil':
      case 'OParen':
      case 'OBrace':
      case 'OBrack':
      case 'Equal':
      case 'Colon':
      case 'Comma':
      case 'Question':
      case 'Plus':
      case 'Star':
      case 'Slash':
      case 'Percent':
      case 'Minus':
      case 'EqualOp':
      case 'NotEqual':
      case 'GreaterThan':
      case 'GreaterThanEq':
      case 'LessThan':
      case 'LessThanEq':
      case 'And':
      case 'Or':
      case 'Bang':
        return false;
      default:
        return true;
    }
  }
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

interface FormatLine {
  lead: Tok[];
  assign: Tok[] | null;
  comment: Tok[] | null;
}

let segmenter: Intl.Segmenter | undefined;
function graphemes(s: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...segmenter.segment(s)].length;
}
const columns = (ts: Tok[] | null) => (ts ?? []).reduce((n, t) => n + t.want + graphemes(t.text), 0);

/**
 * Lines that `terraform fmt` would rewrite, as `line N: ...` messages (empty when formatted).
 */
export function checkTerraformFormat(content: string): string[] {
  const { tokens, problems } = tokenize(content);
  const out: string[] = [...problems];
  if (problems.length) return out;

  // linesForFormat
  const lines: FormatLine[] = [];
  let current: Tok[] = [];
  for (const t of tokens) {
    current.push(t);
    if (isNewlineTok(t)) {
      lines.push({ lead: current, assign: null, comment: null });
      current = [];
    }
  }
  lines.push({ lead: current, assign: null, comment: null });
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    const last = line.lead[line.lead.length - 1]!;
    if (line.lead.length > 1 && last.type === 'Comment') {
      line.comment = [last];
      line.lead = line.lead.slice(0, -1);
    }
    for (let i = 1; i < line.lead.length; i++) {
      if (line.lead[i]!.type !== 'Equal') continue;
      const net = line.lead.slice(i).reduce((n, t) => n + bracketChange(t), 0);
      if (net === 0) {
        line.assign = line.lead.slice(i);
        line.lead = line.lead.slice(0, i);
      }
      break;
    }
  }

  // formatIndent
  const indents: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    if (line.lead[0]!.type === 'Newline') {
      line.lead[0]!.want = 0;
      continue;
    }
    let net = 0;
    for (const t of line.lead) {
      net += bracketChange(t);
      if (t.type === 'OHeredoc') break;
    }
    for (const t of line.assign ?? []) net += bracketChange(t);
    if (net > 0) {
      line.lead[0]!.want = 2 * indents.length;
      indents.push(net);
    } else if (net < 0) {
      let closed = -net;
      while (closed > 0 && indents.length > 0) {
        const top = indents[indents.length - 1]!;
        if (closed > top) {
          closed -= top;
          indents.pop();
        } else if (closed < top) {
          indents[indents.length - 1] = top - closed;
          closed = 0;
        } else {
          indents.pop();
          closed = 0;
        }
      }
      line.lead[0]!.want = 2 * indents.length;
    } else {
      line.lead[0]!.want = 2 * indents.length;
    }
  }

  // formatSpaces
  for (const line of lines) {
    for (const cell of [line.lead, line.assign ?? []]) {
      cell.forEach((t, i) => {
        if (cell === line.assign && i === 0) t.want = 1;
        if (i === cell.length - 1) return;
        cell[i + 1]!.want = spaceAfterToken(t, i > 0 ? cell[i - 1]! : NIL, cell[i + 1]!) ? 1 : 0;
      });
    }
  }

  // formatCells: `=` chains, then trailing-comment chains
  const chains = (
    has: (l: FormatLine) => boolean,
    width: (l: FormatLine) => number,
    apply: (l: FormatLine, n: number) => void,
  ) => {
    let start = -1;
    let max = 0;
    const close = (end: number) => {
      for (const l of lines.slice(start, end)) apply(l, max - width(l) + 1);
      start = -1;
      max = 0;
    };
    lines.forEach((l, i) => {
      if (!has(l)) {
        if (start !== -1) close(i);
      } else {
        if (start === -1) start = i;
        max = Math.max(max, width(l));
      }
    });
    if (start !== -1) close(lines.length);
  };
  chains(
    (l) => l.assign !== null,
    (l) => columns(l.lead),
    (l, n) => (l.assign![0]!.want = n),
  );
  chains(
    (l) => l.comment !== null,
    (l) => columns(l.lead) + columns(l.assign),
    (l, n) => (l.comment![0]!.want = n),
  );

  // Compare with the source.
  for (const line of lines) {
    const toks = [...line.lead, ...(line.assign ?? []), ...(line.comment ?? [])];
    toks.forEach((t, i) => {
      if (t.want < 0 || t.spaces === t.want) return;
      if (i === 0 && t.type === 'Newline') out.push(`line ${t.line}: trailing whitespace`);
      else if (i === 0)
        out.push(`line ${t.line}: indent ${t.spaces}, terraform fmt uses ${t.want} (2 spaces per nesting level)`);
      else if (t.type === 'Newline') out.push(`line ${t.line}: trailing whitespace`);
      else if (line.assign && t === line.assign[0])
        out.push(`line ${t.line}: "=" not aligned: ${t.spaces} space(s) before it, terraform fmt uses ${t.want}`);
      else if (line.comment && t === line.comment[0])
        out.push(`line ${t.line}: comment not aligned: ${t.spaces} space(s) before it, terraform fmt uses ${t.want}`);
      else {
        const next = toks[i + 1];
        const shown = t.type === 'OQuote' && next?.type === 'QuotedLit' ? `"${next.text}"` : t.text.trim();
        out.push(`line ${t.line}: ${t.spaces} space(s) before ${shown}, terraform fmt uses ${t.want}`);
      }
    });
    for (const t of toks) if (t.tab) out.push(`line ${t.line}: tab character (terraform fmt uses spaces)`);
  }

  out.push(...terraformFmtExtras(lines));

  // House rules.
  content.split('\n').forEach((l, i, all) => {
    if (i === all.length - 1) return;
    if (/[ \t]+\r?$/.test(l) && !out.includes(`line ${i + 1}: trailing whitespace`) && !insideHeredoc(tokens, i + 1)) {
      out.push(`line ${i + 1}: trailing whitespace`);
    }
    if (l.endsWith('\r')) out.push(`line ${i + 1}: CRLF line ending`);
  });
  if (content.length > 0 && !content.endsWith('\n')) out.push('end of file: missing final newline');
  else if (/\n\s*\n$/.test(content)) out.push('end of file: blank line(s) at the end (end with exactly one newline)');

  const lineNo = (m: string) => Number(/^line (\d+)/.exec(m)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return [...new Set(out)].sort((a, b) => lineNo(a) - lineNo(b));
}

function insideHeredoc(tokens: Tok[], line: number): boolean {
  return tokens.some((t) => t.type === 'StringLit' && t.line === line);
}

/** What terraform's fmt command changes beyond hclwrite.Format (internal/command/fmt.go). */
function terraformFmtExtras(lines: FormatLine[]): string[] {
  const out: string[] = [];
  // Track whether a line is directly in a block body (where fmt rewrites attributes) and the block type.
  const stack: { body: boolean; type: string }[] = [{ body: true, type: '' }];
  for (const line of lines) {
    const ctx = stack[stack.length - 1]!;
    const lead = line.lead.filter((t) => t.type !== 'Newline');
    if (ctx.body && line.assign && lead.length === 1 && lead[0]!.type === 'Ident') {
      const value = line.assign.slice(1).filter((t) => t.type !== 'Newline');
      const name = lead[0]!.text;
      const inVariable = stack.length === 2 && ctx.type === 'variable';
      if (inVariable && name === 'type') {
        const v = value.map((t) => t.text).join('');
        if (/^"(string|list|map)"$/.test(v) || /^(list|map|set)$/.test(v)) {
          out.push(
            `line ${lead[0]!.line}: terraform fmt rewrites variable type ${v} (use ${v.replace(/"/g, '') === 'string' ? 'string' : `${v.replace(/"/g, '')}(${v.startsWith('"') ? 'string' : 'any'})`})`,
          );
        }
      } else if (isInterpolationOnly(value)) {
        out.push(
          `line ${lead[0]!.line}: terraform fmt unwraps the interpolation-only string ${value.map((t) => t.text).join('')}`,
        );
      }
    }
    // Block header: Ident (labels) {  — labels must be quoted
    const all = [...line.lead, ...(line.assign ?? [])].filter((t) => t.type !== 'Newline' && t.type !== 'Comment');
    const open = all.findIndex((t) => t.type === 'OBrace');
    const isHeader =
      ctx.body &&
      !line.assign &&
      open > 0 &&
      all[0]!.type === 'Ident' &&
      !all.slice(0, open).some((t) => t.type === 'Equal');
    if (isHeader) {
      all.slice(1, open).forEach((t) => {
        if (t.type === 'Ident')
          out.push(`line ${t.line}: terraform fmt quotes the block label ${t.text} ("${t.text}")`);
      });
    }
    // Update the context stack with this line's brackets.
    for (let i = 0; i < all.length; i++) {
      const t = all[i]!;
      if (bracketChange(t) > 0)
        stack.push({ body: isHeader && i === open, type: isHeader && i === open ? all[0]!.text : '' });
      else if (bracketChange(t) < 0 && stack.length > 1) stack.pop();
    }
  }
  return out;
}

function isInterpolationOnly(v: Tok[]): boolean {
  if (v.length < 5) return false;
  if (
    v[0]!.type !== 'OQuote' ||
    v[1]!.type !== 'TemplateInterp' ||
    v[v.length - 2]!.type !== 'TemplateSeqEnd' ||
    v[v.length - 1]!.type !== 'CQuote'
  )
    return false;
  let quotes = 0;
  for (const t of v.slice(2, -2)) {
    if (t.type === 'OQuote') quotes++;
    else if (t.type === 'CQuote') quotes--;
    else if (quotes > 0) continue;
    else if (t.type === 'TemplateInterp' || t.type === 'TemplateSeqEnd' || t.type === 'QuotedLit') return false;
  }
  return true;
}
