import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { chunkCount, splitIntoChunks, buildProtectMessages, ResultAssembler, DEFAULT_CHUNK_BYTES } from '../../extension/src/shared/chunking.js';
import { sha256Hex } from '../../extension/src/shared/sha256.js';

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

test('chunkCount and splitIntoChunks cover the bytes exactly once', () => {
  assert.equal(chunkCount(0, 10), 1);
  assert.equal(chunkCount(10, 10), 1);
  assert.equal(chunkCount(11, 10), 2);
  assert.throws(() => chunkCount(5, 0), RangeError);
  const bytes = new Uint8Array(crypto.randomBytes(25));
  const parts = [...splitIntoChunks(bytes, 10)];
  assert.deepEqual(parts.map((p) => p.length), [10, 10, 5]);
  assert.deepEqual(Buffer.concat(parts), Buffer.from(bytes));
  assert.ok(DEFAULT_CHUNK_BYTES <= 4 * 1024 * 1024);
});

test('sha256Hex matches node:crypto', async () => {
  const bytes = new Uint8Array(crypto.randomBytes(1000));
  assert.equal(await sha256Hex(bytes), sha(bytes));
});

test('buildProtectMessages: protect header then ordered protect-chunks that rebuild the file', async () => {
  const bytes = new Uint8Array(crypto.randomBytes(2500));
  const { header, chunkMessages } = await buildProtectMessages({ id: 'a1', name: 'x.jpg', mime: 'image/jpeg', bytes, strength: 'strong', chunkBytes: 1000 });
  assert.deepEqual(header, { type: 'protect', id: 'a1', name: 'x.jpg', mime: 'image/jpeg', size: 2500, sha256: sha(bytes), chunks: 3, options: { strength: 'strong' } });
  const chunks = [...chunkMessages()];
  assert.deepEqual(chunks.map((c) => [c.type, c.id, c.index, c.total]), [0, 1, 2].map((i) => ['protect-chunk', 'a1', i, 3]));
  assert.deepEqual(Buffer.concat(chunks.map((c) => Buffer.from(c.data, 'base64'))), Buffer.from(bytes));
  const { header: h2 } = await buildProtectMessages({ id: 'b', name: 'x', mime: 'image/png', bytes });
  assert.equal(h2.options, undefined);
});

function resultFor(bytes, chunkBytes, overrides = {}) {
  const chunks = chunkCount(bytes.length, chunkBytes);
  const header = { type: 'result', id: 'a1', size: bytes.length, sha256: sha(bytes), chunks, ...overrides };
  const parts = [...splitIntoChunks(bytes, chunkBytes)].map((p, index) => ({ type: 'result-chunk', id: 'a1', index, total: chunks, data: Buffer.from(p).toString('base64') }));
  return { header, parts };
}

test('ResultAssembler reassembles and verifies a result', async () => {
  const bytes = new Uint8Array(crypto.randomBytes(1234));
  const { header, parts } = resultFor(bytes, 500);
  const asm = new ResultAssembler(header);
  assert.equal(asm.add(parts[0]), false);
  assert.equal(asm.add(parts[1]), false);
  assert.equal(asm.add(parts[2]), true);
  assert.deepEqual(await asm.finish(), bytes);
});

test('ResultAssembler rejects bad headers, order, totals, sizes and digests', async () => {
  const bytes = new Uint8Array(crypto.randomBytes(1000));
  const { header, parts } = resultFor(bytes, 400);
  assert.throws(() => new ResultAssembler({ ...header, size: 0 }), { code: 'bad_result' });
  assert.throws(() => new ResultAssembler({ ...header, sha256: 'xyz' }), { code: 'bad_result' });
  assert.throws(() => new ResultAssembler({ ...header, chunks: 0 }), { code: 'bad_result' });

  let asm = new ResultAssembler(header);
  assert.throws(() => asm.add(parts[1]), { code: 'bad_result' }); // gap
  asm = new ResultAssembler(header);
  asm.add(parts[0]);
  assert.throws(() => asm.add(parts[0]), { code: 'bad_result' }); // repeat
  asm = new ResultAssembler(header);
  assert.throws(() => asm.add({ ...parts[0], total: 9 }), { code: 'bad_result' });
  asm = new ResultAssembler(header);
  assert.throws(() => asm.add({ ...parts[0], data: 'not base64!' }), { code: 'bad_result' });
  asm = new ResultAssembler({ ...header, size: 500 });
  assert.throws(() => { asm.add(parts[0]); asm.add(parts[1]); }, { code: 'bad_result' }); // more than announced
  asm = new ResultAssembler({ ...header, size: 1001 });
  parts.forEach((p) => asm.add(p));
  await assert.rejects(asm.finish(), { code: 'bad_result' }); // fewer than announced
  asm = new ResultAssembler({ ...header, sha256: sha(Buffer.from('other')) });
  parts.forEach((p) => asm.add(p));
  await assert.rejects(asm.finish(), { code: 'checksum_mismatch' });
  asm = new ResultAssembler(header);
  asm.add(parts[0]);
  await assert.rejects(asm.finish(), { code: 'bad_result' }); // incomplete
  asm = new ResultAssembler(header);
  parts.forEach((p) => asm.add(p));
  assert.throws(() => asm.add(parts[0]), { code: 'bad_result' }); // after the last
});
