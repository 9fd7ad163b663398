#!/usr/bin/env node
// A stand-in for recessive-host speaking protocol v1 over stdio (native messaging framing), for
// developing and testing the extension without the C++ host. The "engine" changes a few pixels
// (tests/extension/support/fake-image-transform.mjs). Flags (after the browser's own arguments):
//   --fail CODE        answer every job with `error` CODE after its chunks arrived
//   --exit-on-protect  exit (status 3) once a job's bytes arrived, like a crashing host
//   --step-delay-ms N  pause between fake "attack steps"
//   --not-fooled       report label_changed false (a photo the engine could not protect)
import os from 'node:os';
import { FakeHostCore } from '../support/fake-host-core.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const LE = os.endianness() === 'LE';

function writeFrame(obj) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  if (body.length > 1024 * 1024) throw new Error(`frame of ${body.length} bytes over the 1 MiB browser limit`);
  const head = Buffer.alloc(4);
  if (LE) head.writeUInt32LE(body.length); else head.writeUInt32BE(body.length);
  process.stdout.write(Buffer.concat([head, body]));
}

const core = new FakeHostCore({
  send: writeFrame,
  failWith: opt('--fail') || null,
  stepDelayMs: Number(opt('--step-delay-ms') || 0),
  notFooled: args.includes('--not-fooled'),
  onExitRequest: args.includes('--exit-on-protect') ? () => { process.stderr.write('fake host: exiting on purpose\n'); process.exit(3); } : null,
});
process.stderr.write(`fake recessive-host started: ${JSON.stringify(process.argv.slice(2))}\n`);

let pending = Buffer.alloc(0);
process.stdin.on('data', (data) => {
  pending = Buffer.concat([pending, data]);
  while (pending.length >= 4) {
    const len = LE ? pending.readUInt32LE(0) : pending.readUInt32BE(0);
    if (pending.length < 4 + len) break;
    const body = pending.subarray(4, 4 + len).toString('utf8');
    pending = pending.subarray(4 + len);
    let msg;
    try { msg = JSON.parse(body); } catch { writeFrame({ type: 'error', code: 'bad_json', message: 'not JSON' }); continue; }
    core.handle(msg);
  }
});
process.stdin.on('end', () => process.exit(0));
