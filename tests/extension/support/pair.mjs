// Connects a HostClient to a FakeHostCore through an in-memory "native port" that, like the real one,
// serialises every message as JSON and delivers it asynchronously.
import { HostClient } from '../../../extension/src/shared/host-client.js';
import { FakeHostCore } from './fake-host-core.mjs';

export function makePair(coreOptions = {}, clientOptions = {}) {
  const state = { connects: 0, cores: [], sentByHost: [], ports: [] };
  const connect = () => {
    state.connects++;
    const listeners = { message: [], disconnect: [] };
    let open = true;
    const core = new FakeHostCore({
      ...coreOptions,
      send: (m) => {
        const copy = JSON.parse(JSON.stringify(m));
        state.sentByHost.push(copy);
        setImmediate(() => { if (open) listeners.message.forEach((l) => l(copy)); });
      },
    });
    state.cores.push(core);
    const port = {
      postMessage(m) {
        if (!open) throw new Error('port closed');
        const copy = JSON.parse(JSON.stringify(m));
        setImmediate(() => { if (open) core.handle(copy); });
      },
      disconnect() { open = false; },
      onMessage: (l) => listeners.message.push(l),
      onDisconnect: (l) => listeners.disconnect.push(l),
      // test helper: the host process goes away
      kill(text = '') {
        open = false;
        setImmediate(() => listeners.disconnect.forEach((l) => l(text)));
      },
    };
    state.ports.push(port);
    return port;
  };
  const client = new HostClient({ connect, reconnectDelaysMs: [], busyRetryMs: 5, ...clientOptions });
  return { client, state, core: () => state.cores[state.cores.length - 1], port: () => state.ports[state.ports.length - 1] };
}
