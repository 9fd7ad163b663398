// Chunking of files in both directions of protocol v1 (docs/protocol.md).
// Outgoing: a `protect` message followed by `protect-chunk`s. Incoming: a `result` followed by
// `result-chunk`s, reassembled and checked (order, total, byte count, SHA-256) before anyone sees them.
// No browser APIs: the digest function is injected.

import { bytesToBase64, base64ToBytes, isBase64 } from './base64.js';
import { sha256Hex } from './sha256.js';
import { RecessiveError } from './error-codes.js';

// Raw bytes per protect-chunk: 4 MiB -> about 5.6 MB of base64 per frame, well under the host's 64 MiB cap.
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export function chunkCount(size, chunkBytes = DEFAULT_CHUNK_BYTES) {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) throw new RangeError('chunkBytes must be a positive integer');
  return Math.max(1, Math.ceil(size / chunkBytes));
}

// Yields views into `bytes` (no copies).
export function* splitIntoChunks(bytes, chunkBytes = DEFAULT_CHUNK_BYTES) {
  const n = chunkCount(bytes.length, chunkBytes);
  for (let i = 0; i < n; i++) yield bytes.subarray(i * chunkBytes, Math.min(bytes.length, (i + 1) * chunkBytes));
}

// The `protect` message for a file, plus a generator of its `protect-chunk` messages.
export async function buildProtectMessages({ id, name, mime, bytes, strength, chunkBytes = DEFAULT_CHUNK_BYTES, digest = sha256Hex }) {
  const chunks = chunkCount(bytes.length, chunkBytes);
  const header = {
    type: 'protect', id, name, mime, size: bytes.length, sha256: await digest(bytes), chunks,
  };
  if (strength) header.options = { strength };
  function* chunkMessages() {
    let index = 0;
    for (const part of splitIntoChunks(bytes, chunkBytes)) {
      yield { type: 'protect-chunk', id, index, total: chunks, data: bytesToBase64(part) };
      index++;
    }
  }
  return { header, chunkMessages };
}

// Reassembles one job's result. Feed it the `result` message, then each `result-chunk`;
// `add` returns true once the last chunk arrived; `finish` verifies and returns the bytes.
// Every check failure throws RecessiveError('bad_result') (or 'checksum_mismatch' for the digest).
export class ResultAssembler {
  constructor(result, { digest = sha256Hex, maxBytes = 256 * 1024 * 1024 } = {}) {
    const ok = result && result.type === 'result'
      && Number.isInteger(result.size) && result.size >= 1 && result.size <= maxBytes
      && Number.isInteger(result.chunks) && result.chunks >= 1 && result.chunks <= 100000
      && typeof result.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(result.sha256);
    if (!ok) throw new RecessiveError('bad_result', 'malformed result header');
    this.result = result;
    this.digest = digest;
    this.buffer = new Uint8Array(result.size);
    this.received = 0; // bytes
    this.nextIndex = 0;
  }

  get done() {
    return this.nextIndex === this.result.chunks;
  }

  add(chunk) {
    const { result } = this;
    if (this.done) throw new RecessiveError('bad_result', 'result-chunk after the last one');
    if (chunk.total !== result.chunks) throw new RecessiveError('bad_result', `result-chunk total ${chunk.total}, expected ${result.chunks}`);
    if (chunk.index !== this.nextIndex) throw new RecessiveError('bad_result', `result-chunk ${chunk.index} out of order, expected ${this.nextIndex}`);
    if (!isBase64(chunk.data)) throw new RecessiveError('bad_result', 'result-chunk data is not base64');
    const part = base64ToBytes(chunk.data);
    if (this.received + part.length > result.size) throw new RecessiveError('bad_result', 'more result bytes than announced');
    this.buffer.set(part, this.received);
    this.received += part.length;
    this.nextIndex++;
    return this.done;
  }

  async finish() {
    if (!this.done) throw new RecessiveError('bad_result', 'result incomplete');
    if (this.received !== this.result.size) throw new RecessiveError('bad_result', `received ${this.received} bytes, announced ${this.result.size}`);
    const actual = await this.digest(this.buffer);
    if (actual !== this.result.sha256.toLowerCase()) throw new RecessiveError('checksum_mismatch', 'SHA-256 of the protected file does not match');
    return this.buffer;
  }
}
