// Sends one request with kafka-ts (the strictest peer: it fails on bytes it did not read) and prints the decoded
// answer as one JSON line. Usage: node kafka-ts.js HOST:PORT API_NAME 'REQUEST_JSON'
//   API_NAME is a key of kafka-ts's API table (METADATA, DESCRIBE_QUORUM, ADD_RAFT_VOTER, ...); the version is the
//   highest both sides support (kafka-ts falls back along its versions after ApiVersions).
// Output: {"version":N,"response":{...}} or {"error":"...","errorCode":N,"response":{...}}. Exit 0 either way; exit 1
// only when the request could not be made at all (connection, decoding).
const { API } = require('kafka-ts');
const { Broker } = require('kafka-ts/dist/broker');
const { toJson } = require('./json');

async function main() {
  const [address, apiName, requestJson] = process.argv.slice(2);
  const [host, port] = address.split(':');
  const api = API[apiName];
  if (!api) throw new Error(`unknown API ${apiName}`);
  const request = JSON.parse(requestJson ?? '{}', (key, value) =>
    typeof value !== 'string' ? value
      : /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1))
      : value.startsWith('base64:') ? Buffer.from(value.slice(7), 'base64') : value);
  const broker = new Broker({ clientId: 'kafka-ts-peer', options: { host, port: Number(port) }, sasl: null, ssl: null, requestTimeout: 10000, connectTimeout: 5000 });
  await broker.connect();
  try {
    const version = broker.connection.validateVersion(api).apiVersion;
    try {
      const response = await broker.sendRequest(api, request);
      process.stdout.write(toJson({ version, response }) + '\n');
    } catch (error) {
      if (error.errorCode === undefined) throw error;
      process.stdout.write(toJson({ version, error: error.message, errorCode: error.errorCode, response: error.response }) + '\n');
    }
  } finally {
    await broker.disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
