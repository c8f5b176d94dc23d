// JSON that survives what Kafka clients decode: BigInt as a decimal string with suffix "n", Buffers as base64.
function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('base64');
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  });
}
module.exports = { toJson };
