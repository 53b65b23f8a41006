/**
 * Offline validation of HOT templates with OpenStack Heat's own engine.
 *
 * Runs test/validators/heat_validate.py under Debian's /usr/bin/python3 (the python3-heat
 * package is installed for that interpreter only; a pyenv `python3` earlier on PATH would not
 * find it). One process validates every template given, because importing Heat takes ~1.5 s
 * while one template takes a few milliseconds. See heat_validate.py for exactly what is checked
 * and what is stubbed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HEAT_PYTHON = '/usr/bin/python3';
export const HEAT_SCRIPT = fileURLToPath(new URL('./heat_validate.py', import.meta.url));
const HEAT_PACKAGE_DIR = '/usr/lib/python3/dist-packages/heat/engine';

export const HEAT_INSTALL_HINT =
  "OpenStack Heat is not installed for /usr/bin/python3. Install Debian's package: " +
  '`apt-get update && apt-get install -y python3-heat` (as root).';

export interface HotFile {
  name: string;
  content: string;
}

export interface HotResult {
  file: string;
  valid: boolean;
  /** Heat's own error message, e.g. `Property error: resources.net.properties: Unknown Property colour`. */
  error: string | null;
  /** What was assumed or skipped: placeholder parameter values, plugin checks that need a cloud. */
  notes: string[];
}

export interface HotOptions {
  /** Nested templates (and other files) by the name used in `type:`; not validated on their own. */
  files?: Record<string, string>;
  /** Environment file content (parameters, parameter_defaults, resource_registry). */
  environment?: string;
  /** Parameter values. */
  parameters?: Record<string, unknown>;
  /** Invent values for parameters without default (default true). */
  placeholderParams?: boolean;
  /** Run resource plugins' own validate() where it needs no cloud (default true). */
  pluginChecks?: boolean;
  /** Kill the process after this long (default 120 s). */
  timeoutMs?: number;
}

/** Cheap check (no process): is Debian's python3-heat installed? */
export function isHeatAvailable(): boolean {
  return existsSync(HEAT_PYTHON) && existsSync(HEAT_PACKAGE_DIR);
}

/**
 * Validates HOT templates: paths (nested templates are read from disk beside each file) or
 * {name, content} entries (each entry is also available to the others as a nested template).
 * Resolves to one result per template, in order. Rejects if Heat cannot be run.
 */
export async function validateHot(templates: string[] | HotFile[], options: HotOptions = {}): Promise<HotResult[]> {
  if (!isHeatAvailable()) throw new Error(HEAT_INSTALL_HINT);
  if (templates.length === 0) return [];
  const request = {
    templates: templates.map((t) => (typeof t === 'string' ? { path: t, name: t } : t)),
    files: options.files ?? {},
    environment: options.environment ?? null,
    parameters: options.parameters ?? {},
    placeholderParams: options.placeholderParams ?? true,
    pluginChecks: options.pluginChecks ?? true,
  };
  const { stdout, stderr, code } = await run(
    HEAT_PYTHON,
    [HEAT_SCRIPT, '--stdin'],
    JSON.stringify(request),
    options.timeoutMs ?? 120_000,
  );
  if (code === 3 || stderr.includes('HEAT_NOT_INSTALLED')) {
    throw new Error(`${HEAT_INSTALL_HINT}\n${stderr.trim()}`);
  }
  const results = stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HotResult);
  if (code !== 0 || results.length !== templates.length) {
    throw new Error(
      `heat_validate.py failed (exit ${code}, ${results.length}/${templates.length} results):\n${stderr.trim()}`,
    );
  }
  return results;
}

function run(
  cmd: string,
  args: string[],
  input: string,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    // Keep the user's pyenv/virtualenv settings from leaking into Debian's interpreter.
    const env: NodeJS.ProcessEnv = { ...process.env, PYTHONNOUSERSITE: '1' };
    delete env.PYTHONPATH;
    delete env.PYTHONHOME;
    delete env.VIRTUAL_ENV;
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`heat_validate.py timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`${HEAT_INSTALL_HINT} (${cmd} not found)`) : err,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    child.stdin.end(input);
  });
}
