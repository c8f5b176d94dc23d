using System.Buffers.Binary;
using System.Net.Sockets;

namespace KafkaUpgrade.Simulation.Wire.Tests;

/// <summary>A bare TCP client for hand-written frames: what no well-behaved client would send.</summary>
internal sealed class RawKafka : IDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawKafka> ConnectAsync(int port)
    {
        var raw = new RawKafka();
        await raw._client.ConnectAsync("127.0.0.1", port);
        raw._stream = raw._client.GetStream();
        return raw;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Sends a request body (header included) with its size prefix.</summary>
    public Task SendFrameAsync(byte[] payload)
    {
        var frame = new byte[payload.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return SendAsync(frame);
    }

    /// <summary>The next response frame (with its size prefix), or null when the server closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var size = new byte[4];
        if (!await ReadExactlyAsync(size, timeout.Token))
        {
            return null;
        }

        var frame = new byte[4 + BinaryPrimitives.ReadInt32BigEndian(size)];
        size.CopyTo(frame, 0);
        return await ReadExactlyAsync(frame.AsMemory(4), timeout.Token) ? frame : null;
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> ReadExactlyAsync(Memory<byte> buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer[read..], token);
            }
            catch (IOException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
