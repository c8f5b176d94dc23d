using System.Buffers.Binary;
using System.Text;

namespace KafkaUpgrade.ZooKeeper.Jute;

/// <summary>
/// Reads jute's binary encoding from one received frame. Every length and count is checked against the bytes left
/// in the frame before anything is allocated, so a corrupt or hostile peer cannot make the client allocate from an
/// unchecked length; a violation is <see cref="ZooKeeperError.MarshallingError"/>.
/// </summary>
internal sealed class JuteReader(ReadOnlyMemory<byte> frame)
{
    private int _position;

    public int Remaining => frame.Length - _position;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    /// <summary>A buffer; null when the peer sent length -1.</summary>
    public byte[]? ReadBuffer()
    {
        var length = ReadInt();
        if (length == -1)
        {
            return null;
        }

        CheckLength(length, "buffer");
        return Take(length).ToArray();
    }

    /// <summary>A ustring; null when the peer sent length -1.</summary>
    public string? ReadString()
    {
        var length = ReadInt();
        if (length == -1)
        {
            return null;
        }

        CheckLength(length, "string");
        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A vector of ustrings; each element takes at least 4 bytes, which bounds the count.</summary>
    public IReadOnlyList<string> ReadStringVector()
    {
        var count = ReadInt();
        if (count == -1)
        {
            return [];
        }

        if (count < 0 || count > Remaining / 4)
        {
            throw Malformed($"vector count {count} with {Remaining} bytes left in the frame");
        }

        var items = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(ReadString() ?? throw Malformed("null string inside a vector"));
        }

        return items;
    }

    public ZNodeStat ReadStat() => new(
        ReadLong(), ReadLong(), ReadLong(), ReadLong(), ReadInt(), ReadInt(), ReadInt(), ReadLong(), ReadInt(), ReadInt(), ReadLong());

    private void CheckLength(int length, string what)
    {
        if (length < 0 || length > Remaining)
        {
            throw Malformed($"{what} length {length} with {Remaining} bytes left in the frame");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Malformed($"needed {count} more bytes, the frame has {Remaining}");
        }

        var span = frame.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private static ZooKeeperException Malformed(string detail) => new(ZooKeeperError.MarshallingError, null, detail);
}
