using System.Buffers.Binary;

namespace KafkaUpgrade.Kafka.Protocol;

/// <summary>
/// Kafka's framing: every request and response is a big-endian int32 size followed by that many bytes. The size is
/// checked against a maximum before anything is allocated (Kafka's <c>socket.request.max.bytes</c>).
/// </summary>
public static class KafkaFrame
{
    /// <summary>Kafka's default <c>socket.request.max.bytes</c>: 104857600 (100 MiB).</summary>
    public const int DefaultMaxFrameSize = 104_857_600;

    private const int InitialChunk = 64 * 1024;

    /// <summary>
    /// Checks a buffer for a complete frame. Returns false when more bytes are needed; true with the payload's
    /// length when <c>4 + payloadLength</c> bytes hold a whole frame. Throws for a negative or oversized size.
    /// </summary>
    public static bool TryGetFrameLength(ReadOnlySpan<byte> buffer, int maxFrameSize, out int payloadLength)
    {
        payloadLength = 0;
        if (buffer.Length < 4)
        {
            return false;
        }

        payloadLength = CheckSize(BinaryPrimitives.ReadInt32BigEndian(buffer), maxFrameSize);
        return buffer.Length - 4 >= payloadLength;
    }

    private static int CheckSize(int size, int maxFrameSize)
    {
        if (size < 0)
        {
            throw new KafkaProtocolException($"negative frame size {size}", "frame.size", 0);
        }

        if (size > maxFrameSize)
        {
            throw new KafkaProtocolException(
                $"frame of {size} bytes exceeds the maximum of {maxFrameSize} (socket.request.max.bytes)", "frame.size", 0);
        }

        return size;
    }

    /// <summary>
    /// Reads one frame's payload. Returns null when the stream ends cleanly before a frame starts; throws
    /// <see cref="KafkaProtocolException"/> when it ends mid-frame or the size is invalid. The buffer grows with the
    /// bytes that actually arrive, so a peer announcing a large frame and sending nothing gets no large allocation.
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(Stream stream, int maxFrameSize = DefaultMaxFrameSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sizeBytes = new byte[4];
        var got = await ReadAtMostAsync(stream, sizeBytes, 0, 4, cancellationToken);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw new KafkaProtocolException($"connection closed mid-frame: {got} of 4 size bytes", "frame.size", got);
        }

        var size = CheckSize(BinaryPrimitives.ReadInt32BigEndian(sizeBytes), maxFrameSize);
        var buffer = new byte[Math.Min(size, InitialChunk)];
        var read = 0;
        while (read < size)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(size, (long)buffer.Length * 2));
            }

            var n = await stream.ReadAsync(buffer.AsMemory(read, buffer.Length - read), cancellationToken);
            if (n == 0)
            {
                throw new KafkaProtocolException($"connection closed mid-frame: {read} of {size} bytes", "frame.payload", read);
            }

            read += n;
        }

        return buffer;
    }

    private static async ValueTask<int> ReadAtMostAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken ct)
    {
        var total = 0;
        while (total < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(offset + total, count - total), ct);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Prefixes a payload with its size.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
