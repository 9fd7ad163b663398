// Draws the toolbar icons (on, off, working, error) as PNGs with zlib: no image tools, no network.
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// rgba: Uint8Array of width*height*4
export function encodePng(width, height, rgba) {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const COLORS = {
  on: [24, 128, 56],
  off: [95, 99, 104],
  working: [26, 115, 232],
  error: [217, 48, 37],
};

// Shape in unit coordinates (-1..1): returns [r,g,b,a] or null for transparent.
function shade(state, x, y) {
  const r = Math.hypot(x, y);
  if (r > 0.96) return null;
  const color = COLORS[state];
  const white = [255, 255, 255, 255];
  const fill = [...color, 255];
  // An eye-like mark: white ring; the centre differs per state.
  if (state === 'error') {
    if (Math.abs(x) < 0.14 && y > -0.6 && y < 0.2) return white;
    if (Math.hypot(x, y - 0.45) < 0.15) return white;
    return fill;
  }
  if (state === 'off' && Math.abs(x + y) < 0.16 && r < 0.8) return white;
  if (r > 0.5 && r < 0.7) {
    if (state === 'working' && x > 0 && y < 0) return fill; // open ring: "in progress"
    return white;
  }
  if (state !== 'off' && r < 0.25) return white;
  return fill;
}

export function drawIcon(state, size) {
  const rgba = new Uint8Array(size * size * 4);
  const ss = 4; // supersampling per axis
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = ((px + (sx + 0.5) / ss) / size) * 2 - 1;
          const y = ((py + (sy + 0.5) / ss) / size) * 2 - 1;
          const c = shade(state, x, y);
          if (c) {
            acc[0] += c[0] * c[3];
            acc[1] += c[1] * c[3];
            acc[2] += c[2] * c[3];
            acc[3] += c[3];
          }
        }
      }
      const i = (py * size + px) * 4;
      const a = acc[3];
      if (a > 0) {
        rgba[i] = Math.round(acc[0] / a);
        rgba[i + 1] = Math.round(acc[1] / a);
        rgba[i + 2] = Math.round(acc[2] / a);
      }
      rgba[i + 3] = Math.round(a / (ss * ss));
    }
  }
  return encodePng(size, size, rgba);
}

export const ICON_STATES = Object.keys(COLORS);
export const ICON_SIZES = [16, 32, 48, 128];
