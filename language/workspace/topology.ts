import { UriUtils, URI } from 'langium';

const keys = new WeakMap<URI, string>();
/** The same per URI string (a parse each time was 161 per keystroke on a large estate), bounded. */
const byString = new Map<string, string>();
const MAX_STRINGS = 100_000;

/** One folder is one topology: the key under which its files are grouped (the folder's URI). */
export function topologyKey(uri: URI | string): string {
  if (typeof uri === 'string') {
    let key = byString.get(uri);
    if (key === undefined) {
      if (byString.size >= MAX_STRINGS) byString.clear();
      key = UriUtils.dirname(URI.parse(uri)).toString();
      byString.set(uri, key);
    }
    return key;
  }
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
