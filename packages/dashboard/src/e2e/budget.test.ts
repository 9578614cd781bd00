/**
 * The size budget of the first view: the JavaScript that `dist/index.html`
 * loads before anything renders (the entry chunk and the chunks it preloads)
 * must stay under 300 KB gzipped. Not timed; it reads the built files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assertBuilt, DASHBOARD_DIST } from './harness.js';

const BUDGET_BYTES = 300 * 1024;

/** The local assets `index.html` loads up front: module scripts, module preloads and stylesheets. */
export function firstViewAssets(html: string): { scripts: string[]; styles: string[] } {
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    if (tag.startsWith('<script') && /type="module"/.test(tag)) {
      const src = attribute(tag, 'src');
      if (src) scripts.push(src);
    } else if (tag.startsWith('<link')) {
      const rel = attribute(tag, 'rel');
      const href = attribute(tag, 'href');
      if (href && rel === 'modulepreload') scripts.push(href);
      if (href && rel === 'stylesheet') styles.push(href);
    }
  }
  return { scripts, styles };
}

async function gzipSize(path: string): Promise<number> {
  return gzipSync(await readFile(join(DASHBOARD_DIST, path.replace(/^\//, ''))), { level: 9 }).length;
}

describe('first-view budget', () => {
  it('finds the entry chunk and its preloads in index.html', () => {
    const html =
      '<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" crossorigin href="/assets/react-b.js"><link rel="stylesheet" crossorigin href="/assets/index-c.css"><link rel="icon" href="/favicon.svg">';
    expect(firstViewAssets(html)).toEqual({
      scripts: ['/assets/index-a.js', '/assets/react-b.js'],
      styles: ['/assets/index-c.css'],
    });
  });

  it('keeps the JavaScript of the first view under 300 KB gzipped', async () => {
    assertBuilt();
    const html = await readFile(join(DASHBOARD_DIST, 'index.html'), 'utf8');
    const { scripts, styles } = firstViewAssets(html);
    expect(scripts.length).toBeGreaterThan(0);
    // No inline scripts and no third-party hosts: the server's CSP allows neither.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect([...scripts, ...styles].every((path) => path.startsWith('/'))).toBe(true);
    const js = (await Promise.all(scripts.map(gzipSize))).reduce((sum, size) => sum + size, 0);
    const css = (await Promise.all(styles.map(gzipSize))).reduce((sum, size) => sum + size, 0);
    console.info(
      `first view: ${(js / 1024).toFixed(1)} KB of JavaScript (${scripts.length} file(s)) and ${(css / 1024).toFixed(1)} KB of CSS, gzipped`,
    );
    expect(js).toBeLessThan(BUDGET_BYTES);
  });
});
