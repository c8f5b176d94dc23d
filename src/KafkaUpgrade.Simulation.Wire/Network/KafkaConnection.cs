using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace KafkaUpgrade.Simulation.Wire.Network;

/// <summary>
/// One client connection: size-prefixed frames in, one answer per frame out, in order (Kafka mutes a channel while
/// its request is processed, so a connection has one request in flight on the broker side). A frame larger than
/// <c>socket.request.max.bytes</c> closes the connection before anything is allocated for it, as Kafka's
/// <c>NetworkReceive</c> does (InvalidReceiveException); so does a request Kafka would not answer.
/// </summary>
internal sealed partial class KafkaConnection(Socket socket, IRequestDispatcher dispatcher, int maxRequestBytes, ILogger logger)
{
    public async Task RunAsync(CancellationToken token)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var sizeBuffer = new byte[4];
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (!await ReadExactlyAsync(stream, sizeBuffer, token).ConfigureAwait(false))
                {
                    return;
                }

                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
                if (size < 0 || size > maxRequestBytes)
                {
                    LogOversized(logger, size, maxRequestBytes);
                    return;
                }

                var frame = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
                try
                {
                    if (!await ReadExactlyAsync(stream, frame.AsMemory(0, size), token).ConfigureAwait(false))
                    {
                        return;
                    }

                    var response = dispatcher.Dispatch(frame.AsMemory(0, size));
                    if (response is null)
                    {
                        return;
                    }

                    await stream.WriteAsync(response, token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (or the node stopped): nothing to answer.
        }
    }

    private static async Task<bool> ReadExactlyAsync(NetworkStream stream, Memory<byte> buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[read..], token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing connection: request of {Size} bytes is over socket.request.max.bytes ({Max})")]
    private static partial void LogOversized(ILogger logger, int size, int max);
}
