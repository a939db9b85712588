// node scripts/icon.mjs: draws media/icon.png (128x128, the Marketplace and Extensions view icon)
// from the two sparkles of media/gemini.svg, white on a blue-violet rounded square, in Debian's
// chromium. Run it again after changing media/gemini.svg; the PNG is committed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const paths = [...readFileSync(join(root, 'media', 'gemini.svg'), 'utf8').matchAll(/<path [^>]*d="([^"]+)"/g)].map((m) => m[1]);
if (paths.length === 0) throw new Error('no <path d="..."> in media/gemini.svg');

// The 24x24 motif scaled to 100 px and centred on the square (its bounding box is 1.5..22 x 1.5..21).
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4285f4"/>
      <stop offset="0.55" stop-color="#7b61ff"/>
      <stop offset="1" stop-color="#b15cd9"/>
    </linearGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="28" fill="url(#bg)"/>
  <g transform="translate(7.5 9) scale(4.9)" fill="#fff">${paths.map((d) => `<path d="${d}"/>`).join('')}</g>
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.GDA_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: join(root, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
} finally {
  await browser.close();
}
console.log('[icon] wrote media/icon.png');
