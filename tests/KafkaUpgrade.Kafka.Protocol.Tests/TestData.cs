using System.Globalization;
using KafkaUpgrade.Kafka.Protocol.Schema;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

/// <summary>Hex helpers and a seeded generator of populated values for any schema and version.</summary>
internal static class TestData
{
    public static byte[] Hex(string hex)
    {
        var clean = new string(hex.Where(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(clean);
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>A value with every field present in <paramref name="version"/> set to a random non-default value.</summary>
    public static KafkaStruct Populate(StructSchema schema, short version, Random random, int depth = 0)
    {
        var value = schema.New();
        foreach (var f in schema.Fields)
        {
            if (!f.Versions.Contains(version))
            {
                continue;
            }

            var nullable = f.NullableVersions.Contains(version);
            if (nullable && random.Next(5) == 0)
            {
                value.Set(f.Name, null);
                continue;
            }

            value.Set(f.Name, RandomValue(f.Type, version, random, depth));
        }

        return value;
    }

    private static object RandomValue(FieldType type, short version, Random random, int depth) => type.Kind switch
    {
        FieldKind.Bool => random.Next(2) == 1,
        FieldKind.Int8 => (sbyte)random.Next(-128, 128),
        FieldKind.Int16 => (short)random.Next(short.MinValue, short.MaxValue),
        FieldKind.UInt16 => (ushort)random.Next(0, ushort.MaxValue),
        FieldKind.Int32 => random.Next(int.MinValue, int.MaxValue),
        FieldKind.UInt32 => (uint)random.NextInt64(0, uint.MaxValue),
        FieldKind.Int64 => random.NextInt64(long.MinValue, long.MaxValue),
        FieldKind.Float64 => random.NextDouble(),
        FieldKind.Uuid => RandomGuid(random),
        FieldKind.String => RandomString(random),
        FieldKind.Bytes => RandomBytes(random),
        FieldKind.Struct => Populate(type.Struct!, version, random, depth + 1),
        FieldKind.Array => RandomArray(type, version, random, depth),
        _ => throw new InvalidOperationException(),
    };

    private static object RandomArray(FieldType type, short version, Random random, int depth)
    {
        var count = depth > 3 ? 0 : random.Next(0, 4);
        if (type.IsStructArray)
        {
            return Enumerable.Range(0, count).Select(_ => Populate(type.Element!.Struct!, version, random, depth + 1)).ToList();
        }

        return Enumerable.Range(0, count).Select(_ => RandomValue(type.Element!, version, random, depth + 1)).ToList();
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string RandomString(Random random)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789._-é€";
        var length = random.Next(0, 12);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[r.Next(chars.Length)];
            }
        });
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 9)];
        random.NextBytes(bytes);
        return bytes;
    }

    public static IEnumerable<object[]> AllApiVersions() =>
        from api in KafkaApis.All
        from v in Enumerable.Range(api.ValidVersions.Min, api.ValidVersions.Max - api.ValidVersions.Min + 1)
        select new object[] { api.Key, (short)v };

    public static string Describe(ApiKey key, short version) => string.Create(CultureInfo.InvariantCulture, $"{key} v{version}");
}
