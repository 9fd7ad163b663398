// A stand-in for the engine in tests: changes a few pixels of a JPEG or PNG while keeping it a valid
// image of the same size, so "decodes, same size, differs from the original" is meaningful.
//   JPEG: one entry of the first quantization table (DQT) is raised by one -> every block that uses
//         that coefficient decodes slightly differently.
//   PNG:  decoded (8-bit, non-interlaced gray/GA/RGB/RGBA), the low bit of the first channel flipped in
//         every pixel, re-encoded with ancillary chunks dropped.
// Anything else comes back unchanged (the caller decides what that means).
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

export function transformJpeg(input) {
  const out = Buffer.from(input);
  if (out[0] !== 0xff || out[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= out.length) {
    if (out[i] !== 0xff) return null;
    const marker = out[i + 1];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
    const len = out.readUInt16BE(i + 2);
    if (marker === 0xdb) {
      const pq = out[i + 4] >> 4;
      if (pq !== 0) return null; // 16-bit tables: leave alone
      const entry = i + 5 + 5; // zig-zag index 5: a low-frequency AC coefficient
      out[entry] = out[entry] >= 255 ? 254 : out[entry] + 1;
      return out;
    }
    if (marker === 0xda) return null; // start of scan without DQT
    i += 2 + len;
  }
  return null;
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function transformPng(input) {
  const buf = Buffer.from(input);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(sig)) return null;
  let i = 8;
  let ihdr = null;
  const idat = [];
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.toString('ascii', i + 4, i + 8);
    const data = buf.subarray(i + 8, i + 8 + len);
    if (type === 'IHDR') ihdr = Buffer.from(data);
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'PLTE' || type === 'tRNS') return null; // palette images: not handled here
    i += 12 + len;
    if (type === 'IEND') break;
  }
  if (!ihdr) return null;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const depth = ihdr[8];
  const colorType = ihdr[9];
  const interlace = ihdr[12];
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (depth !== 8 || !channels || interlace !== 0) return null;
  const bpp = channels;
  const stride = width * bpp;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? cur[x - bpp] : 0;
      const b = prev[x];
      const c = x >= bpp ? prev[x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) v += paeth(a, b, c);
      cur[x] = v & 0xff;
    }
  }
  for (let p = 0; p < width * height; p++) pixels[p * bpp] ^= 1;
  const out = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) pixels.copy(out, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([sig, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(out)), pngChunk('IEND', Buffer.alloc(0))]);
}

// Returns {bytes, changed}.
export function fakeProtect(bytes, mime) {
  const out = mime === 'image/jpeg' ? transformJpeg(bytes) : mime === 'image/png' ? transformPng(bytes) : null;
  return out ? { bytes: new Uint8Array(out), changed: true } : { bytes: new Uint8Array(bytes), changed: false };
}
