using FsCheck.Xunit;
using KafkaUpgrade.Kafka.Protocol.Primitives;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class PrimitiveProperties
{
    [Property]
    public bool Varint_round_trips(int value)
    {
        var w = new KafkaWriter();
        w.WriteVarint(value);
        var r = new KafkaReader(w.ToArray());
        return r.ReadVarint() == value && r.Remaining == 0;
    }

    [Property]
    public bool Varlong_round_trips(long value)
    {
        var w = new KafkaWriter();
        w.WriteVarlong(value);
        var r = new KafkaReader(w.ToArray());
        return r.ReadVarlong() == value && r.Remaining == 0;
    }

    [Property]
    public bool Unsigned_varint_size_matches_what_is_written(uint value)
    {
        var w = new KafkaWriter();
        w.WriteUnsignedVarint(value);
        return w.Length == KafkaWriter.UnsignedVarintSize(value) && new KafkaReader(w.ToArray()).ReadUnsignedVarint() == value;
    }

    [Property]
    public bool Strings_round_trip_classic_and_compact(string? value)
    {
        if (value is not null && (value.Length > 1000 || value.Any(char.IsSurrogate)))
        {
            return true; // lone surrogates are not UTF-8 encodable; long strings are covered elsewhere
        }

        var w = new KafkaWriter();
        w.WriteNullableString(value);
        w.WriteCompactNullableString(value);
        var r = new KafkaReader(w.ToArray());
        return r.ReadNullableString() == value && r.ReadCompactNullableString() == value && r.Remaining == 0;
    }

    [Property]
    public bool Any_bytes_as_a_body_decode_or_fail_with_a_protocol_error(byte[] bytes)
    {
        foreach (var api in KafkaApis.All)
        {
            try
            {
                KafkaMessages.DecodeBody(api, api.Response, api.ValidVersions.Max, bytes ?? []);
            }
            catch (KafkaProtocolException)
            {
            }
        }

        return true;
    }
}
