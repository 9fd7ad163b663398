// An in-process implementation of recessive-host protocol v1 (docs/protocol.md) for tests.
// `send(obj)` delivers host -> browser messages; `handle(obj)` takes browser -> host messages.
// The "engine" is fakeProtect (a few pixels changed). Options simulate failures.
import crypto from 'node:crypto';
import { fakeProtect } from './fake-image-transform.mjs';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const MIMES = ['image/jpeg', 'image/png', 'image/webp'];
const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class FakeHostCore {
  constructor({
    send,
    maxJobs = 4,
    resultChunkBytes = 700000,
    maxFileBytes = 64 * 1024 * 1024,
    failWith = null, // a code: every job ends with this error after its last chunk
    busyFirst = 0, // answer `busy` to the first N protect messages
    corruptResult = false, // send a result whose SHA-256 does not match
    silent = false, // never answer jobs (timeouts)
    onExitRequest = null, // called instead of processing when set (simulates a crash)
    stepDelayMs = 0,
    notFooled = false, // report label_changed false (a photo the engine could not protect)
    version = '0.1.0-fake',
  }) {
    Object.assign(this, { send, maxJobs, resultChunkBytes, maxFileBytes, failWith, busyFirst, corruptResult, silent, onExitRequest, stepDelayMs, notFooled, version });
    this.jobs = new Map();
    this.queue = Promise.resolve();
    this.protectCount = 0;
    this.log = [];
  }

  error(id, code, message) {
    const msg = { type: 'error', code, message: message || code };
    if (id !== undefined) msg.id = id;
    this.send(msg);
  }

  handle(msg) {
    this.log.push(msg.type === 'protect-chunk' ? { ...msg, data: `<${msg.data.length} chars>` } : msg);
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return this.error(undefined, 'bad_json');
    switch (msg.type) {
      case 'hello':
        return this.send({
          type: 'hello', version: this.version, protocol: 1,
          device: { kind: 'cpu', name: 'cpu (fake)' },
          models: [{ name: 'fake', method: 'fake', bits: 48, default: true }],
          strengths: ['light', 'standard', 'strong'],
          limits: {
            max_frame_bytes: 67108864, max_output_frame_bytes: 1048576, max_file_bytes: this.maxFileBytes,
            max_pixels: 50000000, result_chunk_bytes: this.resultChunkBytes, max_jobs: this.maxJobs, chunk_timeout_seconds: 60,
          },
        });
      case 'protect': return this.onProtect(msg);
      case 'protect-chunk': return this.onChunk(msg);
      case 'cancel': {
        if (!this.jobs.has(msg.id)) return this.error(undefined, 'bad_field', 'unknown id');
        this.jobs.get(msg.id).cancelled = true;
        this.jobs.delete(msg.id);
        return this.error(msg.id, 'cancelled');
      }
      default:
        return this.error(msg.id, 'unknown_type');
    }
  }

  onProtect(msg) {
    const { id } = msg;
    if (typeof id !== 'string' || !ID_RE.test(id) || this.jobs.has(id)) return this.error(typeof id === 'string' ? id : undefined, 'bad_field', 'id');
    if (!MIMES.includes(msg.mime)) return this.error(id, 'unsupported_format');
    if (!Number.isInteger(msg.size) || msg.size < 1) return this.error(id, 'bad_field', 'size');
    if (msg.size > this.maxFileBytes) return this.error(id, 'too_large');
    if (typeof msg.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(msg.sha256)) return this.error(id, 'bad_field', 'sha256');
    if (!Number.isInteger(msg.chunks) || msg.chunks < 1 || msg.chunks > 100000) return this.error(id, 'bad_field', 'chunks');
    this.protectCount++;
    if (this.protectCount <= this.busyFirst || this.jobs.size >= this.maxJobs) return this.error(id, 'busy');
    this.jobs.set(id, { msg, parts: [], received: 0, next: 0, cancelled: false });
  }

  onChunk(msg) {
    const job = this.jobs.get(msg.id);
    const fail = (code, m) => {
      this.jobs.delete(msg.id);
      this.error(msg.id, code, m);
    };
    if (!job) return this.error(msg.id, 'bad_chunk', 'unknown job');
    if (msg.total !== job.msg.chunks) return fail('bad_chunk', 'total');
    if (msg.index !== job.next) return fail('bad_chunk', 'order');
    if (typeof msg.data !== 'string' || !B64_RE.test(msg.data)) return fail('bad_chunk', 'base64');
    const part = Buffer.from(msg.data, 'base64');
    job.received += part.length;
    if (job.received > job.msg.size) return fail('too_large');
    job.parts.push(part);
    job.next++;
    this.send({ type: 'progress', id: msg.id, stage: 'receiving', fraction: job.next / job.msg.chunks });
    if (job.next < job.msg.chunks) return undefined;
    const bytes = Buffer.concat(job.parts);
    if (bytes.length !== job.msg.size) return fail('bad_chunk', 'byte count');
    if (crypto.createHash('sha256').update(bytes).digest('hex') !== job.msg.sha256.toLowerCase()) return fail('checksum_mismatch');
    if (this.onExitRequest) return this.onExitRequest();
    this.queue = this.queue.then(() => this.process(msg.id, job, bytes));
    return undefined;
  }

  async process(id, job, bytes) {
    if (job.cancelled || this.silent) return;
    const t0 = Date.now();
    for (const f of [0, 0.5, 1]) {
      if (this.stepDelayMs) await new Promise((r) => setTimeout(r, this.stepDelayMs));
      if (job.cancelled) return;
      this.send({ type: 'progress', id, stage: 'protecting', fraction: f });
    }
    this.jobs.delete(id);
    if (this.failWith) return this.error(id, this.failWith, `fake host configured to fail with ${this.failWith}`);
    const { bytes: out } = fakeProtect(bytes, job.msg.mime);
    const chunks = Math.max(1, Math.ceil(out.length / this.resultChunkBytes));
    const sha = crypto.createHash('sha256').update(out).digest('hex');
    this.send({
      type: 'result', id, name: job.msg.name, mime: job.msg.mime, size: out.length,
      sha256: this.corruptResult ? sha.replace(/^./, (c) => (c === '0' ? '1' : '0')) : sha,
      chunks, width: 0, height: 0,
      report: { steps: 3, psnr: 50.0, linf: 1.0, hamming: 12, bits: 48, label_before: 'a', label_after: this.notFooled ? 'a' : 'b', label_changed: !this.notFooled },
      timings: { receive: 0, decode: 0, engine: (Date.now() - t0) / 1000, encode: 0, total: (Date.now() - t0) / 1000 },
    });
    for (let i = 0; i < chunks; i++) {
      const part = out.subarray(i * this.resultChunkBytes, (i + 1) * this.resultChunkBytes);
      this.send({ type: 'result-chunk', id, index: i, total: chunks, data: Buffer.from(part).toString('base64') });
    }
    return undefined;
  }
}
