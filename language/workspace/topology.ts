import { UriUtils, URI } from 'langium';

const keys = new WeakMap<URI, string>();

/** One folder is one topology: the key under which its files are grouped (the folder's URI). */
export function topologyKey(uri: URI | string): string {
  if (typeof uri === 'string') return UriUtils.dirname(URI.parse(uri)).toString();
  // Kept per URI object (they never change): the scope provider asks it for every exported name
  // and the model provider for every file on every validation, which on a 100k-line estate was
  // tens of thousands of dirname + toString per change.
  let key = keys.get(uri);
  if (key === undefined) {
    key = UriUtils.dirname(uri).toString();
    keys.set(uri, key);
  }
  return key;
}

/** The folder's name, used when no file says `topology NAME`. */
export function folderName(key: string): string {
  return UriUtils.basename(URI.parse(key)) || 'topology';
}
