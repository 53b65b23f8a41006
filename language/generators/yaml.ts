/**
 * YAML documents as Go programs read them (the OpenShift installer, the machine API, Kubernetes
 * controllers such as k8gb; YAML 1.1), and the names of the Kubernetes objects they hold.
 */
import { Document } from 'yaml';

export type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml | undefined };
export type YamlMap = { [key: string]: Yaml | undefined };

/** Serialises for Go's YAML 1.1 reader: `yes`, `on`, `0755` ... are quoted; no folding; 2 spaces. */
export function toYaml(value: Yaml): string {
  const doc = new Document(value, { version: '1.1' });
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}

/** Drops undefined members (and empty objects/arrays they leave behind are kept as written). */
export function clean<T extends Yaml | undefined>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => clean(v)) as T;
  if (value && typeof value === 'object') {
    const out: YamlMap = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out as T;
  }
  return value;
}

/** A Kubernetes object name part: lower case, `[a-z0-9-]`. */
export function k8sName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
