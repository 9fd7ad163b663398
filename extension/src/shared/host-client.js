// HostClient: the extension's side of protocol v1 (docs/protocol.md) over one native port.
// Owns the port (connect, hello handshake, reconnect), a job queue that keeps at most the host's
// `max_jobs` in flight and re-sends on `busy`, chunking both ways, and per-job timeouts.
// Browser APIs are injected: `connect(hostName)` returns a port {postMessage(obj), disconnect(),
// onMessage(listener), onDisconnect(listener(errorText))}. Single-threaded (one event loop).

import { buildProtectMessages, ResultAssembler, DEFAULT_CHUNK_BYTES } from './chunking.js';
import { sha256Hex } from './sha256.js';
import { RecessiveError } from './error-codes.js';

export const HOST_NAME = 'org.recessive.host';
export const PROTOCOL_VERSION = 1;

const DEFAULT_TIMEOUTS = { helloSeconds: 15, idleSeconds: 120, jobSeconds: 900 };

export class HostClient {
  constructor({
    connect,
    hostName = HOST_NAME,
    digest = sha256Hex,
    chunkBytes = DEFAULT_CHUNK_BYTES,
    timeouts = {},
    busyRetryMs = 500,
    maxBusyRetries = 40,
    reconnectDelaysMs = [1000, 2000, 5000, 10000, 30000, 60000],
    log = () => {},
    onStatus = () => {},
    timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) },
  }) {
    this.connectFn = connect;
    this.hostName = hostName;
    this.digest = digest;
    this.chunkBytes = chunkBytes;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.busyRetryMs = busyRetryMs;
    this.maxBusyRetries = maxBusyRetries;
    this.reconnectDelaysMs = reconnectDelaysMs;
    this.log = log;
    this.onStatus = onStatus;
    this.timers = timers;

    this.port = null;
    this.state = 'disconnected'; // disconnected | connecting | connected
    this.hostInfo = null; // the host's hello answer
    this.lastError = null; // {code, message}
    this.helloWaiters = null; // {promise, resolve, reject, timer}
    this.queue = []; // jobs waiting to be sent
    this.inFlight = new Map(); // wire id -> job
    this.retired = new Set(); // wire ids whose late messages are ignored
    this.seq = 0;
    this.reconnectAttempt = 0;
    this.reconnectTimer = null;
    this.everConnected = false;
  }

  setTimeouts(timeouts) {
    this.timeouts = { ...this.timeouts, ...timeouts };
  }

  status() {
    return {
      state: this.state,
      host: this.hostInfo,
      lastError: this.lastError,
      queued: this.queue.length,
      inFlight: this.inFlight.size,
    };
  }

  get maxJobs() {
    const n = this.hostInfo && this.hostInfo.limits && this.hostInfo.limits.max_jobs;
    return Number.isInteger(n) && n > 0 ? n : 1;
  }

  // Connects (if needed) and resolves with the host's hello answer.
  connect() {
    if (this.state === 'connected') return Promise.resolve(this.hostInfo);
    if (this.helloWaiters) return this.helloWaiters.promise;
    if (this.reconnectTimer) {
      this.timers.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.state = 'connecting';
    this.emitStatus();
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    promise.catch(() => {}); // callers that do not wait must not produce unhandled rejections
    this.helloWaiters = { promise, resolve, reject, timer: null };
    let port;
    try {
      port = this.connectFn(this.hostName);
    } catch (err) {
      this.failConnect(new RecessiveError('host_not_installed', String(err && err.message ? err.message : err)));
      return promise;
    }
    this.port = port;
    port.onMessage((msg) => { if (this.port === port) this.handleMessage(msg); });
    port.onDisconnect((errorText) => { if (this.port === port) this.handleDisconnect(errorText); });
    this.helloWaiters.timer = this.timers.setTimeout(() => {
      this.failConnect(new RecessiveError('timeout', `no hello from ${this.hostName} within ${this.timeouts.helloSeconds} s`));
    }, this.timeouts.helloSeconds * 1000);
    this.post({ type: 'hello' });
    return promise;
  }

  disconnect() {
    if (this.reconnectTimer) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const port = this.port;
    this.port = null;
    if (port) {
      try { port.disconnect(); } catch { /* already gone */ }
    }
    this.dropConnection(new RecessiveError('host_disconnected', 'disconnected by the extension'), { reconnect: false });
  }

  // Submits one file. Returns {promise, cancel}. The promise resolves with
  // {bytes, name, mime, size, width, height, report, timings} or rejects with a RecessiveError.
  submit({ name, mime, bytes, strength, onProgress = () => {} }) {
    const job = {
      key: `j${++this.seq}`,
      wireId: null,
      attempt: 0,
      name, mime, bytes, strength, onProgress,
      busyRetries: 0,
      assembler: null,
      idleTimer: null,
      jobTimer: null,
      settled: false,
    };
    job.promise = new Promise((resolve, reject) => { job.resolve = resolve; job.reject = reject; });
    job.jobTimer = this.timers.setTimeout(() => this.failJob(job, new RecessiveError('timeout', `protection took longer than ${this.timeouts.jobSeconds} s`), { cancel: true }), this.timeouts.jobSeconds * 1000);
    this.queue.push(job);
    this.ensureConnectedThenPump();
    return { promise: job.promise, cancel: () => this.failJob(job, new RecessiveError('cancelled', 'cancelled'), { cancel: true }) };
  }

  // ---- internals ----

  emitStatus() {
    try { this.onStatus(this.status()); } catch { /* observer errors are not ours */ }
  }

  post(message) {
    if (!this.port) return false;
    try {
      this.port.postMessage(message);
      return true;
    } catch (err) {
      this.log('postMessage failed', err);
      return false;
    }
  }

  ensureConnectedThenPump() {
    if (this.state === 'connected') {
      this.pump();
      return;
    }
    this.connect().then(() => this.pump(), () => { /* failConnect rejected the queue */ });
  }

  pump() {
    while (this.state === 'connected' && this.queue.length && this.inFlight.size < this.maxJobs) {
      const job = this.queue.shift();
      if (!job.settled) this.start(job);
    }
    this.emitStatus();
  }

  async start(job) {
    job.attempt++;
    job.wireId = `${job.key}-${job.attempt}`;
    this.inFlight.set(job.wireId, job);
    this.touch(job);
    const limits = (this.hostInfo && this.hostInfo.limits) || {};
    if (Number.isInteger(limits.max_file_bytes) && job.bytes.length > limits.max_file_bytes) {
      this.failJob(job, new RecessiveError('too_large', `the file has ${job.bytes.length} bytes; the host accepts at most ${limits.max_file_bytes}`));
      return;
    }
    const wireId = job.wireId;
    const { header, chunkMessages } = await buildProtectMessages({
      id: wireId, name: job.name, mime: job.mime, bytes: job.bytes, strength: job.strength, chunkBytes: this.chunkBytes, digest: this.digest,
    });
    // The job may have been cancelled, answered (busy) or disconnected while hashing.
    if (job.settled || job.wireId !== wireId || !this.inFlight.has(wireId)) return;
    if (!this.post(header)) return;
    for (const chunk of chunkMessages()) {
      if (job.settled || job.wireId !== wireId) return;
      if (!this.post(chunk)) return;
    }
  }

  touch(job) {
    if (job.idleTimer) this.timers.clearTimeout(job.idleTimer);
    job.idleTimer = this.timers.setTimeout(() => this.failJob(job, new RecessiveError('timeout', `no word from the host for ${this.timeouts.idleSeconds} s`), { cancel: true }), this.timeouts.idleSeconds * 1000);
  }

  retire(job) {
    if (job.wireId) {
      this.inFlight.delete(job.wireId);
      this.retired.add(job.wireId);
      if (this.retired.size > 1000) this.retired.delete(this.retired.values().next().value);
    }
  }

  clearTimers(job) {
    if (job.idleTimer) this.timers.clearTimeout(job.idleTimer);
    if (job.jobTimer) this.timers.clearTimeout(job.jobTimer);
    job.idleTimer = job.jobTimer = null;
  }

  failJob(job, error, { cancel = false } = {}) {
    if (job.settled) return;
    job.settled = true;
    this.clearTimers(job);
    const wasInFlight = job.wireId && this.inFlight.has(job.wireId);
    if (cancel && wasInFlight) this.post({ type: 'cancel', id: job.wireId });
    this.retire(job);
    this.queue = this.queue.filter((j) => j !== job);
    job.reject(error);
    this.pump();
  }

  succeedJob(job, value) {
    if (job.settled) return;
    job.settled = true;
    this.clearTimers(job);
    this.retire(job);
    job.resolve(value);
    this.pump();
  }

  handleMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'hello') {
      this.handleHello(msg);
      return;
    }
    const job = typeof msg.id === 'string' ? this.inFlight.get(msg.id) : undefined;
    if (!job) {
      if (!(typeof msg.id === 'string' && this.retired.has(msg.id))) this.log('message for no job', msg.type, msg.code || '', msg.message || '');
      return;
    }
    this.touch(job);
    switch (msg.type) {
      case 'progress':
        try { job.onProgress({ stage: msg.stage, fraction: msg.fraction }); } catch { /* observer */ }
        break;
      case 'result':
        try {
          job.assembler = new ResultAssembler(msg, { digest: this.digest });
          job.onProgress({ stage: 'sending', fraction: 0 });
        } catch (err) {
          this.failJob(job, err, { cancel: true });
        }
        break;
      case 'result-chunk':
        this.handleResultChunk(job, msg);
        break;
      case 'error':
        this.handleJobError(job, msg);
        break;
      default:
        this.log('unexpected message type', msg.type);
    }
  }

  handleHello(msg) {
    const waiters = this.helloWaiters;
    if (!waiters) return; // an unsolicited hello: ignore
    this.timers.clearTimeout(waiters.timer);
    this.helloWaiters = null;
    if (msg.protocol !== PROTOCOL_VERSION) {
      const err = new RecessiveError('bad_field', `host speaks protocol ${msg.protocol}, extension speaks ${PROTOCOL_VERSION}`);
      this.lastError = { code: err.code, message: err.message };
      this.state = 'disconnected';
      const port = this.port;
      this.port = null;
      try { port && port.disconnect(); } catch { /* gone */ }
      this.rejectQueue(err);
      waiters.reject(err);
      this.emitStatus();
      return;
    }
    this.hostInfo = msg;
    this.state = 'connected';
    this.lastError = null;
    this.everConnected = true;
    this.reconnectAttempt = 0;
    waiters.resolve(msg);
    this.pump();
  }

  async handleResultChunk(job, msg) {
    if (!job.assembler) {
      this.failJob(job, new RecessiveError('bad_result', 'result-chunk before result'), { cancel: true });
      return;
    }
    try {
      const { result } = job.assembler;
      if (!job.assembler.add(msg)) {
        job.onProgress({ stage: 'sending', fraction: job.assembler.nextIndex / result.chunks });
        return;
      }
      const bytes = await job.assembler.finish();
      this.succeedJob(job, {
        bytes,
        name: job.name,
        mime: typeof result.mime === 'string' ? result.mime : job.mime,
        size: result.size,
        width: result.width,
        height: result.height,
        report: result.report || null,
        timings: result.timings || null,
      });
    } catch (err) {
      this.failJob(job, err, { cancel: true });
    }
  }

  handleJobError(job, msg) {
    const code = typeof msg.code === 'string' ? msg.code : 'engine_failure';
    if (code === 'busy' && job.busyRetries < this.maxBusyRetries) {
      job.busyRetries++;
      this.retire(job);
      const retry = () => {
        if (job.settled) return;
        this.queue.unshift(job);
        this.pump();
      };
      this.timers.setTimeout(retry, this.busyRetryMs);
      return;
    }
    this.failJob(job, new RecessiveError(code, typeof msg.message === 'string' ? msg.message : undefined));
  }

  failConnect(error) {
    const waiters = this.helloWaiters;
    this.helloWaiters = null;
    if (waiters && waiters.timer) this.timers.clearTimeout(waiters.timer);
    const port = this.port;
    this.port = null;
    try { port && port.disconnect(); } catch { /* gone */ }
    this.state = 'disconnected';
    this.lastError = { code: error.code, message: error.message };
    this.rejectQueue(error);
    if (waiters) waiters.reject(error);
    this.emitStatus();
  }

  rejectQueue(error) {
    const jobs = this.queue;
    this.queue = [];
    for (const job of jobs) this.failJob(job, new RecessiveError(error.code, error.message));
  }

  handleDisconnect(errorText) {
    this.port = null;
    const text = errorText || 'the host exited';
    if (this.helloWaiters) {
      // Never got a hello: the host is missing, not allowed for this extension, or crashed at start.
      const missing = /not found|forbidden|no such|not exist|ENOENT|failed to start/i.test(text) || !this.everConnected;
      this.failConnect(new RecessiveError(missing ? 'host_not_installed' : 'host_disconnected', text));
      return;
    }
    this.dropConnection(new RecessiveError('host_disconnected', text), { reconnect: true });
  }

  dropConnection(error, { reconnect }) {
    this.state = 'disconnected';
    this.lastError = { code: error.code, message: error.message };
    for (const job of [...this.inFlight.values()]) this.failJob(job, new RecessiveError(error.code, error.message));
    this.inFlight.clear();
    this.emitStatus();
    if (this.queue.length) {
      this.ensureConnectedThenPump();
    } else if (reconnect && this.everConnected) {
      // Keep the host (and its loaded model) warm: reconnect with back-off.
      const delays = this.reconnectDelaysMs;
      if (!delays.length) return;
      const delay = delays[Math.min(this.reconnectAttempt, delays.length - 1)];
      this.reconnectAttempt++;
      this.reconnectTimer = this.timers.setTimeout(() => {
        this.reconnectTimer = null;
        if (this.state === 'disconnected') this.connect().catch(() => {});
      }, delay);
    }
  }
}
