// The test double must itself behave: its output must still be an image of the same kind and differ.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { transformJpeg, transformPng } from './support/fake-image-transform.mjs';

const DIR = '/work/shared/datasets/photos';

test('fake transform: JPEG and PNG stay parseable, same length class, and differ', (t) => {
  if (!fs.existsSync(DIR)) return t.skip(`${DIR} missing`);
  const jpg = fs.readFileSync(`${DIR}/obama2.jpg`);
  const outJ = transformJpeg(jpg);
  assert.ok(outJ && !outJ.equals(jpg));
  assert.equal(outJ.length, jpg.length);
  const png = fs.readFileSync(`${DIR}/alex-lacamoire.png`);
  const outP = transformPng(png);
  assert.ok(outP && !outP.equals(png));
  const again = transformPng(outP); // decodable by our own decoder; flipping twice restores pixels
  assert.ok(again);
  assert.equal(outP.readUInt32BE(16), png.readUInt32BE(16)); // width
  assert.equal(outP.readUInt32BE(20), png.readUInt32BE(20)); // height
  return undefined;
});
