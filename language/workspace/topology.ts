import { UriUtils, URI } from 'langium';

/** One folder is one topology: the key under which its files are grouped (the folder's URI). */
export function topologyKey(uri: URI | string): string {
  const u = typeof uri === 'string' ? URI.parse(uri) : uri;
  return UriUtils.dirname(u).toString();
}

/** The folder's name, used when no file says `topology NAME`. */
export function folderName(key: string): string {
  return UriUtils.basename(URI.parse(key)) || 'topology';
}
