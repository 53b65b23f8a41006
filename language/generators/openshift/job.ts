/**
 * The generation of one OpenShift cluster's files: the cluster, the model it belongs to, the
 * generator's options, and the problems found so far (each names the cluster). The modules beside
 * this one check and build the parts of install-config.yaml and the MachineSets through it.
 */
import type { Cluster, Loc, TopoModel } from '../../model/types.js';
import type { GenerationProblem, GeneratorOptions } from '../types.js';

export class ClusterJob {
  readonly problems: GenerationProblem[] = [];
  readonly name: string;

  constructor(
    readonly model: TopoModel,
    readonly c: Cluster,
    readonly options: GeneratorOptions,
  ) {
    this.name = c.name;
  }

  error(code: string, message: string, loc?: Loc): void {
    this.problem('error', code, message, loc);
  }

  warn(code: string, message: string, loc?: Loc): void {
    this.problem('warning', code, message, loc);
  }

  /** Whether an error was found: then the cluster gets no files. */
  failed(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** Documents the cluster's manifests come from: the cluster, its networks, regions, LB. */
  sources(): string[] {
    const c = this.c;
    return [
      c.loc.uri,
      c.controlPlane.network?.loc.uri,
      ...c.workers.flatMap((w) => w.networks.map((n) => n.loc.uri)),
      ...c.regions.map((r) => r.loc.uri),
      c.loadBalancer.lb?.loc.uri,
    ].filter((u): u is string => !!u);
  }

  private problem(severity: 'error' | 'warning', code: string, message: string, loc: Loc | undefined): void {
    this.problems.push({
      severity,
      target: 'openshift',
      code: `openshift/${code}`,
      message: `cluster ${this.name}: ${message}`,
      element: `cluster ${this.name}`,
      loc: loc ?? this.c.nameLoc,
    });
  }
}
