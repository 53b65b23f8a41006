/**
 * The ONE place where generated files reach the disk (generate-on-save and `topo generate`).
 *
 * - Confinement: every `GeneratedFile.path` is a relative POSIX path whose segments are checked,
 *   not rewritten (rewriting could fold two names onto one file): no `..`/`.`, no empty segment
 *   (absolute paths), no drive letters or `:`, no `\`, NUL or control characters, no characters
 *   or device names Windows cannot store. A folder inside the output folder that is a symbolic
 *   link is followed only when it resolves inside the output folder; a file that is a symbolic
 *   link is never written through.
 * - Atomic: temp file in the same folder, fsync, rename; each folder that got a file is fsynced
 *   once after its files are renamed, before the report (best effort). A killed run leaves at most
 *   temp files (never a half-written real file); the next run in that folder removes those of
 *   processes that no longer run.
 * - Folders are written several at a time (the files of one folder one after the other): a
 *   generation of thousands of files waits on the disk's flushes, which overlap then.
 * - Only changed files are written (byte comparison of the final text).
 * - Edit detection: each file gets `<comment> topo-hash: sha256:<hex>` inserted after its leading
 *   comment block; the hash is that of the file without this line (= the generator's content).
 *   A file on disk whose text no longer matches its own hash line was edited by a person; a file
 *   with no hash line was not written by topo. Both are skipped and reported, unless
 *   `overwrite` says so (for all files, or for the listed paths: "offer to overwrite").
 * - Nothing is ever deleted: files carrying a topo-hash line that the current generation no
 *   longer produces are reported as `stale`, for a person (or a future `--prune`) to remove.
 *   Deleting would make a typo in a cluster name destroy a hand-tuned file.
 * - Deterministic: files are handled in path order and every list in the report is sorted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import type { GeneratedFile, GenerationTarget } from './types.js';

export interface WriteOptions {
  /** The topology's output folder (`<topology folder>/generated/<topology>`); created when missing. */
  outDir: string;
  /** Overwrite edited or hand-made files: all of them (`true`) or just these relative paths. */
  overwrite?: boolean | readonly string[];
  /**
   * Targets generated this time: their folders are searched for stale files. Defaults to the
   * targets of `files` (so a target that produced nothing should be named here).
   */
  targets?: readonly GenerationTarget[];
}

export interface SkippedFile {
  path: string;
  /** `edited`: its hash line no longer matches; `not-generated`: it has no hash line at all. */
  reason: 'edited' | 'not-generated';
  message: string;
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
  skippedEdited: SkippedFile[];
  /** Files with a topo-hash line, in the targets' folders, that this generation did not produce. */
  stale: string[];
  errors: { path: string; message: string }[];
}

const HASH_LINE = /^(#|\/\/|;) topo-hash: sha256:([0-9a-f]{64})\r?$/m;

/** The comment syntax of a generated file, by extension (HCL accepts `#` as well as `//`). */
const COMMENT_PREFIX: Record<string, string> = {
  '.yaml': '#',
  '.yml': '#',
  '.tf': '#',
  '.tfvars': '#',
  '.hcl': '#',
  '.sh': '#',
  '.env': '#',
  '.conf': '#',
  '.cfg': '#',
  '.txt': '#',
  '.zone': ';',
};

export function commentPrefixFor(path: string): string | undefined {
  return COMMENT_PREFIX[extname(path).toLowerCase()];
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The content with its hash line, inserted after the leading comment block (the header). */
export function withHashLine(content: string, prefix: string): string {
  const line = `${prefix} topo-hash: sha256:${sha256(content)}\n`;
  let at = 0;
  // Only whole (newline-terminated) comment lines count, so that removing the line restores the content.
  while (at < content.length && content.startsWith(prefix, at)) {
    const nl = content.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return content.slice(0, at) + line + content.slice(at);
}

/** The hash a file declares and the hash of its text without that line; undefined without a hash line. */
export function readHashLine(text: string): { declared: string; actual: string } | undefined {
  const m = HASH_LINE.exec(text);
  if (!m) return undefined;
  const start = m.index;
  let end = start + m[0].length;
  if (text[end] === '\n') end += 1;
  return { declared: m[2]!, actual: sha256(text.slice(0, start) + text.slice(end)) };
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;

/** Why a relative output path is unsafe, or undefined when every segment is acceptable. */
export function unsafePathReason(path: string): string | undefined {
  if (typeof path !== 'string' || !path) return 'the path is empty';
  if (path.startsWith('/') || isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return 'the path is absolute';
  for (const segment of path.split('/')) {
    const reason = unsafeSegmentReason(segment);
    if (reason) return reason;
  }
  return undefined;
}

export function unsafeSegmentReason(segment: string): string | undefined {
  if (!segment) return 'the path has an empty segment (leading, trailing or double "/")';
  if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
  if (/[\u0000-\u001f\u007f]/.test(segment)) return 'a name holds a control character';
  if (segment.includes('\\')) return 'a name holds a "\\" (a path separator on Windows)';
  if (segment.includes(':')) return 'a name holds a ":" (drive letter or alternate stream on Windows)';
  if (/[<>"|?*]/.test(segment)) return 'a name holds a character Windows cannot store (<>"|?*)';
  if (/[. ]$/.test(segment)) return 'a name ends with "." or a space';
  if (WINDOWS_DEVICE.test(segment)) return `"${segment}" is a reserved device name on Windows`;
  if (Buffer.byteLength(segment, 'utf8') > 255) return 'a name is longer than 255 bytes';
  return undefined;
}

/** A file or folder name from free text (the topology name): unsafe characters become `-`. */
export function safeSegment(name: string, fallback = 'topology'): string {
  const s = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[. -]+$/g, '')
    .slice(0, 100);
  return s && !unsafeSegmentReason(s) ? s : fallback;
}

/** `<topology folder>/generated/<topology>`: the default root of the output (one folder per target below). */
export function defaultOutDir(topologyFolder: string, topologyName: string): string {
  return join(topologyFolder, 'generated', safeSegment(topologyName));
}

function inside(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!!rel && !rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

async function lstatOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
}

class PathError extends Error {}

/** Creates (or follows, when safe) the folders of a path below the real output root; returns the real folder. */
async function ensureFolder(root: string, folders: string[]): Promise<string> {
  let cur = root;
  for (const name of folders) {
    const p = join(cur, name);
    const st = await lstatOrUndefined(p);
    if (!st) {
      try {
        await mkdir(p);
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const again = await lstat(p);
      if (again.isSymbolicLink() || !again.isDirectory()) throw new PathError(`${p} changed while writing; try again`);
      cur = p;
    } else if (st.isSymbolicLink()) {
      const target = await realpath(p).catch(() => undefined);
      if (!target || !inside(target, root)) {
        throw new PathError(
          `folder ${relative(root, p)} is a symbolic link to ${target ?? 'a missing target'}, outside the output folder; topo does not follow it`,
        );
      }
      const tst = await lstat(target);
      if (!tst.isDirectory()) throw new PathError(`${relative(root, p)} is a link to a file, not a folder`);
      cur = target;
    } else if (st.isDirectory()) {
      cur = p;
    } else {
      throw new PathError(`${relative(root, p)} exists and is not a folder`);
    }
  }
  return cur;
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.topo-tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return code(e) === 'EPERM';
  }
}

/**
 * Removes the temporary files that a generation killed mid-write (power loss, SIGKILL) left in a
 * folder: `.<name>.<pid>.<random>.topo-tmp` of a process that no longer runs. The real files were
 * never touched by such a write (the rename had not happened), so nothing else needs repair.
 */
async function removeStaleTemps(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP.exec(n);
    if (m && !alive(Number(m[2]))) await unlink(join(folder, n)).catch(() => undefined);
  }
}

/** Writes one file atomically (a temporary file renamed over it): a killed run leaves the old file or the new one. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await atomicWrite(dirname(file), basename(file), data, mode);
  await syncFolder(dirname(file));
}

/** The temp file written and fsynced, then renamed over `name`; the folder is not synced here. */
async function atomicWrite(folder: string, name: string, data: string | Uint8Array, mode: number): Promise<void> {
  const tmp = join(folder, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.topo-tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(folder, name));
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Makes the renames in a folder durable (not possible on every platform: best effort). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const dir = await open(folder, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    /* Windows cannot open a folder for fsync */
  }
}

/** One file to write: its path, its name and folder segments, its comment syntax. */
interface WriteJob {
  path: string;
  name: string;
  segments: string[];
  file: GeneratedFile;
  prefix: string;
}

/** Folders written at the same time: enough for the disk's flushes to overlap, few open files. */
const FOLDERS_AT_ONCE = 8;

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function wantsOverwrite(option: WriteOptions['overwrite'], path: string): boolean {
  return option === true || (Array.isArray(option) && option.includes(path));
}

/** Writes the generated files below `options.outDir` and says what happened to each. */
export async function writeGenerated(files: readonly GeneratedFile[], options: WriteOptions): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [], skippedEdited: [], stale: [], errors: [] };
  await mkdir(options.outDir, { recursive: true });
  const root = await realpath(options.outDir);

  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const claimed = new Map<string, string>();
  const produced = new Set<string>();
  // What to write, by folder (in path order): the checks that need no disk first, in path order.
  const byFolder = new Map<string, WriteJob[]>();
  for (const file of sorted) {
    const path = file.path;
    const reason = unsafePathReason(path);
    if (reason) {
      report.errors.push({ path, message: `refused to write ${JSON.stringify(path)}: ${reason}` });
      continue;
    }
    // Case-insensitive file systems (macOS, Windows) would fold these onto one file.
    const folded = path.toLowerCase();
    const first = claimed.get(folded);
    if (first !== undefined) {
      report.errors.push({
        path,
        message: `${path}: generated twice (or differs from ${first} only in letter case); refused`,
      });
      continue;
    }
    claimed.set(folded, path);
    produced.add(path);
    const prefix = commentPrefixFor(path);
    if (!prefix) {
      report.errors.push({
        path,
        message: `${path}: topo cannot mark a ${extname(path) || 'extension-less'} file as generated (no comment syntax); refused`,
      });
      continue;
    }
    const segments = path.split('/');
    const name = segments.pop()!;
    const key = segments.join('/');
    const jobs = byFolder.get(key);
    const job = { path, name, segments, file, prefix };
    if (jobs) jobs.push(job);
    else byFolder.set(key, [job]);
  }

  const written = new Set<string>();
  const writeFolder = async (jobs: WriteJob[]): Promise<void> => {
    let folder: string;
    try {
      folder = await ensureFolder(root, jobs[0]!.segments);
      await removeStaleTemps(folder);
    } catch (e) {
      for (const { path } of jobs)
        report.errors.push({ path, message: e instanceof PathError ? e.message : `${path}: ${(e as Error).message}` });
      return;
    }
    for (const { path, name, file, prefix } of jobs) {
      try {
        const target = join(folder, name);
        if (!inside(target, root)) throw new PathError(`${path} resolves outside the output folder`);
        const final = withHashLine(file.content, prefix);
        const st = await lstatOrUndefined(target);
        let mode = file.sensitive ? 0o600 : 0o644;
        if (st) {
          if (st.isSymbolicLink()) throw new PathError(`${path} is a symbolic link; topo does not write through links`);
          if (!st.isFile()) throw new PathError(`${path} exists and is not a file`);
          const onDisk = await readFile(target, 'utf8');
          if (onDisk === final) {
            report.unchanged.push(path);
            continue;
          }
          if (!wantsOverwrite(options.overwrite, path)) {
            const hash = readHashLine(onDisk);
            if (!hash) {
              report.skippedEdited.push({
                path,
                reason: 'not-generated',
                message: `${path} was not written by topo (no topo-hash line): left as it is; overwrite it to replace it`,
              });
              continue;
            }
            if (hash.declared !== hash.actual) {
              report.skippedEdited.push({
                path,
                reason: 'edited',
                message: `${path} was edited since it was generated: left as it is; overwrite it to replace it with the generated version`,
              });
              continue;
            }
          }
          if (!file.sensitive) mode = st.mode & 0o777;
        }
        await atomicWrite(folder, name, final, mode);
        written.add(folder);
        report.written.push(path);
      } catch (e) {
        report.errors.push({ path, message: e instanceof PathError ? e.message : `${path}: ${(e as Error).message}` });
      }
    }
  };
  await inParallel([...byFolder.values()], FOLDERS_AT_ONCE, writeFolder);
  await inParallel([...written], FOLDERS_AT_ONCE, syncFolder);

  const targets = [...new Set(options.targets ?? files.map((f) => f.target))].sort();
  for (const t of targets) {
    const dir = join(root, t);
    const st = await lstatOrUndefined(dir);
    if (!st?.isDirectory() || st.isSymbolicLink()) continue;
    for (const rel of await listFiles(dir)) {
      const path = `${t}/${rel}`;
      if (produced.has(path)) continue;
      const text = await readFile(join(dir, ...rel.split('/')), 'utf8').catch(() => '');
      if (HASH_LINE.test(text)) report.stale.push(path);
    }
  }

  report.written.sort();
  report.unchanged.sort();
  report.skippedEdited.sort((a, b) => (a.path < b.path ? -1 : 1));
  report.stale.sort();
  report.errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return report;
}

/** Regular files below a folder (POSIX relative paths), not following links, skipping temp files. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), rel)));
    else if (e.isFile() && !e.name.endsWith('.topo-tmp')) out.push(rel);
  }
  return out;
}

/** One line per noteworthy outcome, for the CLI and the editor's output channel. */
export function describeReport(report: WriteReport): string[] {
  return [
    ...report.written.map((p) => `wrote ${p}`),
    ...report.skippedEdited.map((s) => `skipped ${s.message}`),
    ...report.stale.map((p) => `stale ${p}: no longer generated; delete it if it is not needed`),
    ...report.errors.map((e) => `error ${e.message}`),
  ];
}
