using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Protocol.V1;
using Temporalio.Api.Update.V1;

namespace KafkaUpgrade.EmbeddedTemporal.Engine;

/// <summary>The update protocol: requests go to the worker as messages, acceptance and outcome come back as messages.</summary>
internal sealed class UpdateProtocol(ServerState state)
{
    public UpdateState Admit(WorkflowRun run, Request request)
    {
        var id = request.Meta.UpdateId;
        if (run.Updates.TryGetValue(id, out var existing))
        {
            return existing;
        }

        var update = new UpdateState { UpdateId = id, Request = request };
        run.Updates[id] = update;
        if (run.Task == WorkflowTaskStage.None)
        {
            run.ScheduleWorkflowTask();
        }

        state.Touch(run);
        return update;
    }

    public static bool HasUndelivered(WorkflowRun run) => run.Updates.Values.Any(u => !u.Accepted && u.Outcome is null);

    /// <summary>Requests for every update the workflow has not yet accepted or rejected.</summary>
    public static IEnumerable<Message> MessagesFor(WorkflowRun run) =>
        run.Updates.Values
            .Where(u => !u.Accepted && u.Outcome is null)
            .Select(u => new Message
            {
                Id = u.UpdateId + "/request",
                ProtocolInstanceId = u.UpdateId,
                EventId = run.TaskScheduledEventId - 1,
                Body = Any.Pack(u.Request),
            });

    public static void ApplyMessage(WorkflowRun run, string messageId, IReadOnlyList<Message> messages)
    {
        var message = messages.FirstOrDefault(m => m.Id == messageId);
        if (message is null || !run.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
        {
            return;
        }

        if (message.Body.Is(Acceptance.Descriptor))
        {
            var acceptance = message.Body.Unpack<Acceptance>();
            update.Accepted = true;
            run.Append(new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionUpdateAccepted,
                WorkflowExecutionUpdateAcceptedEventAttributes = new WorkflowExecutionUpdateAcceptedEventAttributes
                {
                    ProtocolInstanceId = update.UpdateId,
                    AcceptedRequestMessageId = acceptance.AcceptedRequestMessageId,
                    AcceptedRequestSequencingEventId = acceptance.AcceptedRequestSequencingEventId,
                    AcceptedRequest = acceptance.AcceptedRequest ?? update.Request,
                },
            });
        }
        else if (message.Body.Is(Response.Descriptor))
        {
            var response = message.Body.Unpack<Response>();
            var accepted = run.History.LastOrDefault(e => e.EventType == EventType.WorkflowExecutionUpdateAccepted
                && e.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId == update.UpdateId);
            update.Outcome = response.Outcome;
            run.Append(new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionUpdateCompleted,
                WorkflowExecutionUpdateCompletedEventAttributes = new WorkflowExecutionUpdateCompletedEventAttributes
                {
                    Meta = response.Meta ?? update.Request.Meta,
                    AcceptedEventId = accepted?.EventId ?? 0,
                    Outcome = response.Outcome,
                },
            });
        }
    }

    /// <summary>Rejections carry no command and write no event; they end the update with the rejection's failure.</summary>
    public void ApplyRejections(WorkflowRun run, IReadOnlyList<Message> messages)
    {
        foreach (var message in messages.Where(m => m.Body?.Is(Rejection.Descriptor) == true))
        {
            if (run.Updates.TryGetValue(message.ProtocolInstanceId, out var update))
            {
                update.Outcome = new Outcome { Failure = message.Body.Unpack<Rejection>().Failure };
                state.Touch(run);
            }
        }
    }
}
