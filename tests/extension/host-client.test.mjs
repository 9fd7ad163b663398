import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { HostClient } from '../../extension/src/shared/host-client.js';
import { fakeProtect } from './support/fake-image-transform.mjs';
import { makePair } from './support/pair.mjs';


// A real JPEG from the shared photo set when present, else a tiny synthetic one.
function samplePhoto() {
  const p = '/work/shared/datasets/photos/obama2.jpg';
  const candidates = [process.env.RECESSIVE_TEST_PHOTO, p, new URL('../../../shared/datasets/photos/obama2.jpg', import.meta.url).pathname];
  for (const c of candidates) if (c && fs.existsSync(c)) return new Uint8Array(fs.readFileSync(c));
  // Minimal JPEG-shaped bytes with a DQT segment (enough for the fake transform).
  const dqt = [0xff, 0xdb, 0x00, 0x43, 0x00, ...Array.from({ length: 64 }, (_, i) => (i % 50) + 1)];
  return new Uint8Array([0xff, 0xd8, ...dqt, 0xff, 0xda, 0x00, 0x02, ...Array.from({ length: 3000 }, (_, i) => i & 0x7f), 0xff, 0xd9]);
}
const photo = samplePhoto();

test('hello handshake: status shows the host, device and limits', async () => {
  const { client } = makePair();
  const hello = await client.connect();
  assert.equal(hello.protocol, 1);
  const st = client.status();
  assert.equal(st.state, 'connected');
  assert.equal(st.host.device.kind, 'cpu');
  assert.equal(client.maxJobs, 4);
  assert.equal(await client.connect(), hello, 'connect is idempotent');
  client.disconnect();
});

test('protect: chunks both ways, reassembles, verifies, and returns the host\'s bytes', async () => {
  const { client, core } = makePair({ resultChunkBytes: 50_000 }, { chunkBytes: 64 * 1024 });
  const progress = [];
  const { promise } = client.submit({ name: 'obama2.jpg', mime: 'image/jpeg', bytes: photo, strength: 'light', onProgress: (p) => progress.push(p.stage) });
  const result = await promise;
  const expected = fakeProtect(photo, 'image/jpeg').bytes;
  assert.deepEqual(result.bytes, expected);
  assert.notDeepEqual(result.bytes, photo);
  assert.equal(result.name, 'obama2.jpg');
  assert.equal(result.mime, 'image/jpeg');
  assert.equal(result.report.label_changed, true);
  const sent = core().log.filter((m) => m.type === 'protect-chunk');
  assert.equal(sent.length, Math.ceil(photo.length / (64 * 1024)));
  const header = core().log.find((m) => m.type === 'protect');
  assert.deepEqual(header.options, { strength: 'light' });
  assert.ok(progress.includes('receiving') && progress.includes('protecting') && progress.includes('sending'));
  assert.equal(client.status().inFlight, 0);
  client.disconnect();
});

test('several files: never more than max_jobs in flight, all come back', async () => {
  const { client, state } = makePair({ maxJobs: 2, stepDelayMs: 2 });
  const jobs = Array.from({ length: 5 }, (_, i) => client.submit({ name: `p${i}.jpg`, mime: 'image/jpeg', bytes: photo }));
  let maxSeen = 0;
  const timer = setInterval(() => { maxSeen = Math.max(maxSeen, client.status().inFlight); }, 1);
  const results = await Promise.all(jobs.map((j) => j.promise));
  clearInterval(timer);
  assert.equal(results.length, 5);
  assert.deepEqual(results.map((r) => r.name), ['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg']);
  assert.ok(maxSeen <= 2, `max in flight ${maxSeen}`);
  assert.equal(state.sentByHost.filter((m) => m.code === 'busy').length, 0);
  client.disconnect();
});

test('busy: the job is sent again under a new id and succeeds', async () => {
  const { client, core } = makePair({ busyFirst: 2 });
  const result = await client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise;
  assert.deepEqual(result.bytes, fakeProtect(photo, 'image/jpeg').bytes);
  const ids = core().log.filter((m) => m.type === 'protect').map((m) => m.id);
  assert.equal(ids.length, 3);
  assert.equal(new Set(ids).size, 3, 'a retry never reuses an id');
  client.disconnect();
});

test('busy forever: gives up with busy after maxBusyRetries', async () => {
  const { client } = makePair({ busyFirst: 1000 }, { maxBusyRetries: 3 });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'busy' });
  client.disconnect();
});

test('host error codes reach the caller', async () => {
  const { client } = makePair({ failWith: 'engine_failure' });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'engine_failure' });
  // the port stays usable
  assert.equal(client.status().state, 'connected');
  client.disconnect();
});

test('a result with a wrong SHA-256 is refused', async () => {
  const { client } = makePair({ corruptResult: true });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'checksum_mismatch' });
  client.disconnect();
});

test('host not installed: connect fails at once, jobs fail with host_not_installed', async () => {
  const client = new HostClient({
    connect: () => {
      const listeners = [];
      setImmediate(() => listeners.forEach((l) => l('Specified native messaging host not found.')));
      return { postMessage() {}, disconnect() {}, onMessage() {}, onDisconnect: (l) => listeners.push(l) };
    },
    reconnectDelaysMs: [],
  });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'host_not_installed' });
  assert.equal(client.status().state, 'disconnected');
  assert.equal(client.status().lastError.code, 'host_not_installed');
  assert.match(client.status().lastError.message, /not found/);
});

test('connectNative throwing also means host_not_installed', async () => {
  const client = new HostClient({ connect: () => { throw new Error('Access to the specified native messaging host is forbidden.'); } });
  await assert.rejects(client.connect(), { code: 'host_not_installed' });
});

test('host exits mid-job: the job fails with host_disconnected, the next job reconnects', async () => {
  const pair = makePair({ stepDelayMs: 50 });
  const { client, state } = pair;
  const job = client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo, onProgress: (p) => { if (p.stage === 'protecting') pair.port().kill('Native host has exited.'); } });
  await assert.rejects(job.promise, { code: 'host_disconnected' });
  const again = await client.submit({ name: 'b.jpg', mime: 'image/jpeg', bytes: photo }).promise;
  assert.equal(again.name, 'b.jpg');
  assert.equal(state.connects, 2);
  client.disconnect();
});

test('after a drop the client reconnects on its own (keeps the model warm)', async () => {
  const pair = makePair({}, { reconnectDelaysMs: [5] });
  await pair.client.connect();
  pair.port().kill('Native host has exited.');
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(pair.state.connects, 2);
  assert.equal(pair.client.status().state, 'connected');
  pair.client.disconnect();
});

test('idle timeout: a silent host ends the job with timeout and gets a cancel', async () => {
  const { client, core } = makePair({ silent: true }, { timeouts: { idleSeconds: 0.05 } });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'timeout' });
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(core().log.some((m) => m.type === 'cancel'));
  client.disconnect();
});

test('hello timeout', async () => {
  const client = new HostClient({ connect: () => ({ postMessage() {}, disconnect() {}, onMessage() {}, onDisconnect() {} }), timeouts: { helloSeconds: 0.03 } });
  await assert.rejects(client.connect(), { code: 'timeout' });
  assert.equal(client.status().state, 'disconnected');
});

test('cancel: the caller gets cancelled and the host a cancel message', async () => {
  const { client, core } = makePair({ stepDelayMs: 30 });
  const job = client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo, onProgress: (p) => { if (p.stage === 'protecting') job.cancel(); } });
  await assert.rejects(job.promise, { code: 'cancelled' });
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(core().log.some((m) => m.type === 'cancel'));
  client.disconnect();
});

test('a file over the host\'s max_file_bytes is refused before sending', async () => {
  const { client, core } = makePair({ maxFileBytes: 100 });
  await assert.rejects(client.submit({ name: 'a.jpg', mime: 'image/jpeg', bytes: photo }).promise, { code: 'too_large' });
  assert.equal(core().log.filter((m) => m.type === 'protect').length, 0);
  client.disconnect();
});

test('a host speaking another protocol version is refused', async () => {
  const client = new HostClient({
    connect: () => {
      let listener;
      return {
        postMessage: (m) => { if (m.type === 'hello') setImmediate(() => listener({ type: 'hello', protocol: 2, version: '9' })); },
        disconnect() {},
        onMessage: (l) => { listener = l; },
        onDisconnect() {},
      };
    },
  });
  await assert.rejects(client.connect(), { code: 'bad_field' });
  assert.equal(client.status().state, 'disconnected');
});
