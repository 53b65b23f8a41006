import type { HarnessOptions, Outcome } from './harness.js';

export interface WorkData {
  seed: string;
  count: number;
  examples: string;
}
export interface WorkRequest {
  index: number;
  options: HarnessOptions;
}
export type WorkMessage =
  | { type: 'start'; index: number; id: string; timeoutMs?: number; bytes: number }
  | { type: 'done'; index: number; id: string; kind: string; bytes: number; ms: number; outcome: Outcome };
