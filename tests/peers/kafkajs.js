// Calls one kafkajs admin operation (kafkajs speaks the old, non-flexible versions: Metadata v6,
// AlterPartitionReassignments/ListPartitionReassignments v0, DescribeConfigs v2, ...) and prints its result as one
// JSON line. Usage: node kafkajs.js HOST:PORT OPERATION 'ARGUMENT_JSON'  e.g. fetchTopicMetadata '{"topics":["orders"]}'
// Output: {"result":...} or {"error":"...","type":"KAFKA_ERROR_TYPE"}.
const { Kafka, logLevel } = require('kafkajs');
const { toJson } = require('./json');

async function main() {
  const [address, operation, argumentJson] = process.argv.slice(2);
  const kafka = new Kafka({ clientId: 'kafkajs-peer', brokers: address.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs looks coordinators up in its broker pool, which only a metadata request fills (describeGroups would
    // fail with KafkaJSBrokerNotFound otherwise): load it first, as a long-lived kafkajs admin would have.
    await admin.fetchTopicMetadata();
    const argument = argumentJson ? JSON.parse(argumentJson) : undefined;
    try {
      const result = await admin[operation](argument);
      process.stdout.write(toJson({ result }) + '\n');
    } catch (error) {
      if (!error.type) throw error;
      process.stdout.write(toJson({ error: error.message, type: error.type }) + '\n');
    }
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
