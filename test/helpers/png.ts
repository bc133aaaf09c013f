import { inflateSync } from 'node:zlib';

/** A decoded PNG: size and RGBA pixels (8 bits a channel). */
export interface DecodedPng {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * A small PNG decoder for tests (no PNG library is installed): 8-bit truecolour (RGB) or truecolour
 * with alpha (RGBA), not interlaced, which is what resvg writes. Anything else throws.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const buf = Buffer.from(bytes);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG (bad signature)');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colourType = data[9]!;
      if (depth !== 8 || (colourType !== 2 && colourType !== 6) || data[12] !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${data[12]}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : 3;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[out - stride + x - channels]! : 0;
      const v = line[x]!;
      pixels[out + x] =
        (filter === 0 ? v : filter === 1 ? v + a : filter === 2 ? v + b : filter === 3 ? v + ((a + b) >> 1) : filter === 4 ? v + paeth(a, b, c) : NaN) & 0xff;
      if (filter > 4) throw new Error(`bad PNG filter ${filter}`);
    }
  }
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([pixels[i * 3]!, pixels[i * 3 + 1]!, pixels[i * 3 + 2]!, 255], i * 4);
  return { width, height, rgba };
}

/** A rectangle of pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How many pixels (of `box`, default the whole image) are within `tolerance` (per channel) of the `#rrggbb` colour. */
export function countColour(png: DecodedPng, hex: string, tolerance = 8, box: Box = { x: 0, y: 0, w: png.width, h: png.height }): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let y = box.y; y < Math.min(png.height, box.y + box.h); y++) {
    for (let x = box.x; x < Math.min(png.width, box.x + box.w); x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.rgba[i]! - r) <= tolerance && Math.abs(png.rgba[i + 1]! - g) <= tolerance && Math.abs(png.rgba[i + 2]! - b) <= tolerance) n++;
    }
  }
  return n;
}

/** How many pixels in the rectangle are dark (every channel below 110): text and axis lines on a white chart. */
export function countDark(png: DecodedPng, box: Box): number {
  let n = 0;
  for (let y = box.y; y < Math.min(png.height, box.y + box.h); y++) {
    for (let x = box.x; x < Math.min(png.width, box.x + box.w); x++) {
      const i = (y * png.width + x) * 4;
      if (png.rgba[i]! < 110 && png.rgba[i + 1]! < 110 && png.rgba[i + 2]! < 110) n++;
    }
  }
  return n;
}
