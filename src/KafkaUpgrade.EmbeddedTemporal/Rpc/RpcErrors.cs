using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.ErrorDetails.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Rpc;

/// <summary>The gRPC errors Temporal returns, with the status details the SDK decodes.</summary>
internal static class RpcErrors
{
    public static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    public static RpcException NotFound(string message) => WithDetails(StatusCode.NotFound, message, new NotFoundFailure());

    public static RpcException NamespaceNotFound(string ns) =>
        WithDetails(StatusCode.NotFound, $"Namespace {ns} is not found.", new NamespaceNotFoundFailure { Namespace = ns });

    public static RpcException AlreadyStarted(string message, string requestId, string runId) =>
        WithDetails(StatusCode.AlreadyExists, message, new WorkflowExecutionAlreadyStartedFailure { StartRequestId = requestId, RunId = runId });

    public static RpcException QueryFailed(Temporalio.Api.Failure.V1.Failure? failure, string message) =>
        WithDetails(StatusCode.InvalidArgument, message, new QueryFailedFailure { Failure = failure });

    public static RpcException Unimplemented(string message) => new(new Status(StatusCode.Unimplemented, message));

    public static RpcException WithDetails(StatusCode code, string message, IMessage detail)
    {
        // google.rpc.Status is not in the referenced packages; its three fields are written by hand.
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32((int)code);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(message);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Any.Pack(detail));
        output.Flush();
        var trailers = new Metadata { { "grpc-status-details-bin", buffer.ToArray() } };
        return new RpcException(new Status(code, message), trailers);
    }

    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "call cancelled"));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidProtocolBufferException)
        {
            throw InvalidArgument(ex.Message);
        }
    }
}
