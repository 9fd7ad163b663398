import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { bytesToBase64, base64ToBytes, isBase64, base64DecodedLength } from '../../extension/src/shared/base64.js';

test('base64 round-trips every length around the 3-byte boundary and matches Buffer', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = new Uint8Array(crypto.randomBytes(n));
    const text = bytesToBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(base64ToBytes(text), bytes);
    assert.equal(base64DecodedLength(text), n);
  }
});

test('base64 handles buffers larger than one String.fromCharCode slice', () => {
  const bytes = new Uint8Array(crypto.randomBytes(300_001));
  assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
});

test('base64 rejects non-canonical input', () => {
  for (const bad of ['abc', 'ab=c', 'a===', '@@@@', 'YQ', 'YQ==YQ==', ' YQ==', 'YQ==\n']) {
    assert.equal(isBase64(bad), false, bad);
    assert.throws(() => base64ToBytes(bad), TypeError);
  }
  assert.equal(isBase64(''), true);
  assert.equal(isBase64(42), false);
});
