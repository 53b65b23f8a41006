import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileConfigResolver } from '../config/resolver.js';
import type * as ast from '../generated/ast.js';
import { createTopoServices, type TopoServices } from '../topo-module.js';
import { collectTopologies, InputError, type TopologyInput } from '../workspace/files.js';
import type { Analysis } from '../workspace/model-provider.js';
import { topologyKey } from '../workspace/topology.js';

export interface LoadedTopology {
  input: TopologyInput;
  documents: LangiumDocument<ast.Document>[];
  analysis: Analysis;
}

/** Loads every topology named by the CLI arguments and analyses it, as the editor would. */
export async function loadWorkspace(
  paths: string[],
  params: Record<string, string> = {},
): Promise<{ services: TopoServices; topologies: LoadedTopology[] }> {
  const inputs = collectTopologies(paths);
  const { Topo } = createTopoServices(NodeFileSystem);
  const provider = Topo.topo.ModelProvider;
  provider.configure({}, params);
  const resolver = fileConfigResolver(provider.rules);
  provider.configResolver = resolver;
  for (const input of inputs) {
    const { error } = resolver(topologyKey(URI.file(join(input.folder, 'x.topo'))));
    if (error) throw new InputError(error);
  }
  const factory = Topo.shared.workspace.LangiumDocumentFactory;
  const documents = Topo.shared.workspace.LangiumDocuments;
  const all: LangiumDocument<ast.Document>[] = [];
  for (const input of inputs) {
    for (const file of input.files) {
      const doc = factory.fromString<ast.Document>(readText(file), URI.file(file));
      documents.addDocument(doc);
      all.push(doc);
    }
  }
  await Topo.shared.workspace.DocumentBuilder.build(all, { validation: true });
  const topologies = inputs.map((input) => ({
    input,
    documents: all.filter((d) => input.files.includes(d.uri.fsPath)),
    analysis: Topo.topo.ModelProvider.analysisOf(topologyKey(URI.file(input.files[0]!))),
  }));
  return { services: Topo, topologies };
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions`,
    );
  }
  if (bytes.includes(0)) throw new InputError(`${file}: is a binary file, not a .topo text file`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) throw new InputError(`${file}: is not UTF-8 text; save it as UTF-8`);
  return text.replace(/^\uFEFF/, '');
}
