/**
 * PNG from the diagram's SVG, drawn by a headless Chromium through playwright-core. Loaded only
 * when a PNG is asked for: the SVG path needs neither, so the CLI stays light. playwright-core
 * is a development dependency of this repository (the end-to-end tests drive Chromium with it);
 * Chromium is Debian's `chromium` (or $CHROMIUM_PATH).
 */
import { existsSync } from 'node:fs';

export class PngUnavailable extends Error {}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const TIMEOUT_MS = 60_000;

/** The PNG of `svg` (its own width and height, `scale` pixels per unit for a sharp picture). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const executablePath = process.env.CHROMIUM_PATH ?? CHROMIUM.find((p) => existsSync(p));
  if (!executablePath || !existsSync(executablePath)) {
    throw new PngUnavailable(
      `PNG needs Chromium, and none was found (${process.env.CHROMIUM_PATH ?? CHROMIUM.join(', ')}): install it (Debian: apt-get install chromium) or set CHROMIUM_PATH, or use --format svg`,
    );
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new PngUnavailable(
      'PNG needs the playwright-core package (npm install playwright-core), or use --format svg',
    );
  }
  const size = /<svg[^>]*\swidth="(\d+)"\s+height="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: TIMEOUT_MS,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
    // Nothing is fetched: the SVG is self-contained and the page has no other content.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`, { timeout: TIMEOUT_MS });
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height }, timeout: TIMEOUT_MS });
  } finally {
    await browser.close();
  }
}
