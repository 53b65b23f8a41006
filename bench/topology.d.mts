// Types of bench/topology.mjs for the TypeScript that imports it (test/incremental/equivalence.ts).
export interface Shape {
  regions: number;
  clusters: number;
  apps: number;
}
export const SIZES: Record<'S' | 'M' | 'L', Shape>;
export function generateTopology(size?: 'S' | 'M' | 'L' | Shape, seed?: number): { name: string; text: string }[];
export function writeTopology(dir: string, files: { name: string; text: string }[]): void;
export function lineCount(files: { name: string; text: string }[]): number;
