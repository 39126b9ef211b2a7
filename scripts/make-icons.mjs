#!/usr/bin/env node
// Generates Hearth's own favicon and app icons into
// crates/web/assets/src/images/ (committed; scripts/build-assets copies them
// to crates/web/assets/dist/images/).
//
// Why Hearth draws its own: every favicon and app icon in govuk-frontend v6
// (favicon.ico, favicon.svg, govuk-icon-*.png, govuk-icon-mask.svg) is the
// GOV.UK crown, and a service that is not on GOV.UK must not use the crown.
//
// The mark is a white "H" on GOV.UK palette dark blue (blue shade-50,
// #0f385c), drawn from rectangles on a 32-unit grid, so the SVGs and the
// rasterised PNG/ICO files come from the same geometry. No dependencies:
// PNGs are encoded with node:zlib, the ICO embeds PNGs.
//
// Usage: node scripts/make-icons.mjs   (then run scripts/build-assets)

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'crates/web/assets/src/images');

const GRID = 32;
const BACKGROUND = [0x0f, 0x38, 0x5c];
const FOREGROUND = [0xff, 0xff, 0xff];
// The "H": [x, y, width, height] on the 32-unit grid.
const H = [
  [8, 7, 5, 18], // left stem
  [19, 7, 5, 18], // right stem
  [13, 14, 6, 4], // bar
];

const hPath = H.map(([x, y, w, h]) => `M${x} ${y}h${w}v${h}h${-w}z`).join('');
const hex = (rgb) => '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('');

const faviconSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GRID} ${GRID}">` +
  `<path fill="${hex(BACKGROUND)}" d="M0 0h${GRID}v${GRID}H0z"/>` +
  `<path fill="${hex(FOREGROUND)}" d="${hPath}"/></svg>\n`;

// Monochrome / mask icon: the square with the H cut out (same convention as
// govuk-frontend's mask icon).
const maskSvg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GRID} ${GRID}">` +
  `<path fill-rule="evenodd" d="M0 0h${GRID}v${GRID}H0z${hPath}"/></svg>\n`;

// ---- rasteriser: 4x4 supersampling of axis-aligned rectangles ----
function render(size) {
  const ss = 4;
  const px = Buffer.alloc(size * size * 4);
  const scale = size / GRID;
  const inH = (gx, gy) => H.some(([x, y, w, h]) => gx >= x && gx < x + w && gy >= y && gy < y + h);
  for (let py = 0; py < size; py++) {
    for (let pxX = 0; pxX < size; pxX++) {
      let fg = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const gx = (pxX + (sx + 0.5) / ss) / scale;
          const gy = (py + (sy + 0.5) / ss) / scale;
          if (inH(gx, gy)) fg++;
        }
      }
      const a = fg / (ss * ss);
      const o = (py * size + pxX) * 4;
      for (let c = 0; c < 3; c++) {
        px[o + c] = Math.round(BACKGROUND[c] * (1 - a) + FOREGROUND[c] * a);
      }
      px[o + 3] = 255;
    }
  }
  return px;
}

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size) {
  const rgba = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function ico(sizes) {
  const images = sizes.map((s) => png(s));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i;
    header[e] = s >= 256 ? 0 : s;
    header[e + 1] = s >= 256 ? 0 : s;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

// Icon URLs are relative to the manifest, which is served from the same
// directory (/assets/images/manifest.json).
const manifest = {
  name: 'Hearth',
  short_name: 'Hearth',
  icons: [
    { src: 'favicon.ico', type: 'image/x-icon', sizes: '16x16 32x32 48x48' },
    { src: 'favicon.svg', type: 'image/svg+xml', sizes: 'any', purpose: 'any' },
    { src: 'icon-180.png', type: 'image/png', sizes: '180x180', purpose: 'any' },
    { src: 'icon-192.png', type: 'image/png', sizes: '192x192', purpose: 'any' },
    { src: 'icon-512.png', type: 'image/png', sizes: '512x512', purpose: 'any' },
    { src: 'icon-mask.svg', type: 'image/svg+xml', sizes: 'any', purpose: 'monochrome' },
  ],
};

mkdirSync(outDir, { recursive: true });
const files = {
  'favicon.svg': faviconSvg,
  'icon-mask.svg': maskSvg,
  'favicon.ico': ico([16, 32, 48]),
  'icon-180.png': png(180),
  'icon-192.png': png(192),
  'icon-512.png': png(512),
  'manifest.json': JSON.stringify(manifest, null, 2) + '\n',
};
for (const [name, data] of Object.entries(files)) {
  writeFileSync(join(outDir, name), data);
  console.log(`wrote ${join('crates/web/assets/src/images', name)}`);
}
