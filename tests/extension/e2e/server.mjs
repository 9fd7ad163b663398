// Fixture server for the end-to-end test: HTTPS (self-signed, made with openssl) because facebook.com
// and instagram.com are HSTS-preloaded, so the browser only goes there over https. The browser maps
// the real host names here with --host-resolver-rules. Records every upload's bytes.
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function makeCertificate(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=recessive-e2e', '-addext', 'subjectAltName=DNS:*.instagram.com,DNS:*.facebook.com,DNS:localhost'], { stdio: 'ignore' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

export async function startServer({ tlsDir, files = {} }) {
  const uploads = [];
  const waiters = [];
  const pages = {
    'www.instagram.com': fs.readFileSync(path.join(HERE, 'fixtures', 'instagram.html')),
    'www.facebook.com': fs.readFileSync(path.join(HERE, 'fixtures', 'facebook.html')),
  };
  const server = https.createServer(makeCertificate(tlsDir), (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const url = new URL(req.url, `https://${host}`);
    if (req.method === 'POST' && url.pathname === '/upload') {
      const parts = [];
      req.on('data', (d) => parts.push(d));
      req.on('end', () => {
        const upload = {
          site: host, via: url.searchParams.get('via'), name: url.searchParams.get('name'), type: req.headers['content-type'] || '',
          bytes: Buffer.concat(parts), at: Date.now(),
        };
        uploads.push(upload);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, index: uploads.length - 1 }));
        waiters.splice(0).forEach((w) => w());
      });
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const body = files[decodeURIComponent(url.pathname.slice(7))];
      if (!body) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/uploads/')) {
      const u = uploads[Number(url.pathname.slice(9))];
      if (!u) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(u.bytes);
      return;
    }
    if (req.method === 'GET' && pages[host] && (url.pathname === '/' || url.pathname === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages[host]);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    uploads,
    files,
    // Resolves once `count` uploads exist in total, or rejects after timeoutMs.
    waitForUploads(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (uploads.length >= count) { clearTimeout(timer); resolve(uploads.slice(0, count)); return true; }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`expected ${count} uploads, have ${uploads.length} after ${timeoutMs} ms`)), timeoutMs);
        if (check()) return;
        const loop = () => { if (!check()) waiters.push(loop); };
        waiters.push(loop);
      });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
