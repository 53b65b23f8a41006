/**
 * Comments of generated files, for the writers whose languages comment with `#` (HOT's YAML,
 * Terraform's HCL): text wrapped at a width, one `# ` line per wrapped line.
 */

/** The words of one paragraph wrapped at `width` columns (a long word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}

/**
 * `#` comment lines at indentation `pad`, each ending with a newline, wrapped to end by column 100
 * (at least 40 columns of text); an empty line stays a bare `#`. `wrap` breaks one line of text.
 */
export function hashComments(
  lines: readonly string[] | undefined,
  pad: string,
  wrap: (text: string, width: number) => string[] = wrapWords,
): string {
  const width = Math.max(40, 100 - pad.length - 2);
  return (lines ?? [])
    .flatMap((l) => (l ? wrap(l, width) : ['']))
    .map((l) => (l ? `${pad}# ${l}` : `${pad}#`) + '\n')
    .join('');
}
