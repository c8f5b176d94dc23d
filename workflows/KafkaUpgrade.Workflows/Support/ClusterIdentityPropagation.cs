using KafkaUpgrade.Activities.Identity;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace KafkaUpgrade.Workflows.Support;

/// <summary>
/// Puts the Kafka cluster id an operation recorded on everything it schedules (header
/// <see cref="ClusterIdentityHeader.Name"/>): activities and local activities, children, the next run of a
/// continue-as-new, so every activity of the operation, its hops' and their continued runs' is checked by
/// <see cref="ClusterIdentityCheck"/> on the worker that runs it.
/// <para>
/// The id comes from history only, so replay rebuilds it: the header this run was started with (a hop started by its
/// operation, a continued run), else the first result of <see cref="Activities.ClusterActivities.ReadKafkaClusterIdAsync"/>
/// (an operation reads it before it takes its lease, <see cref="ClusterLeases"/>). Until then nothing is added, so a
/// run that never reads it (one started before the lease, a dry-run repair) schedules exactly what it did before.
/// Headers are not part of the commands Temporal compares on replay, so recorded histories replay unchanged. The
/// state lives in the interceptor the SDK creates for each workflow instance, never in a static.
/// </para>
/// </summary>
public sealed class ClusterIdentityPropagation : IWorkerInterceptor
{
    /// <inheritdoc />
    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor);

    /// <summary>The recorded id of one workflow instance.</summary>
    private sealed class Recorded
    {
        private bool _fromStart;

        public string? KafkaClusterId { get; private set; }

        /// <summary>The header this run was started with, read once inside the workflow (where <c>Workflow.Info</c> is).</summary>
        public string? Current
        {
            get
            {
                if (!_fromStart)
                {
                    _fromStart = true;
                    KafkaClusterId ??= ClusterIdentityHeader.Read(Workflow.Info.Headers);
                }

                return KafkaClusterId;
            }
        }

        /// <summary>The first id read is the one recorded; a later read never replaces it (the check refuses a changed binding).</summary>
        public void Read(string kafkaClusterId) => KafkaClusterId ??= kafkaClusterId;
    }

    private sealed class Inbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, new Recorded()));
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, Recorded recorded) : WorkflowOutboundInterceptor(next)
    {
        public override async Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            var result = await base.ScheduleActivityAsync<TResult>(recorded.Current is { } id ? input with { Headers = ClusterIdentityHeader.With(input.Headers, id) } : input);
            if (input.Activity == ClusterIdentityHeader.ReadActivityName && result is string read)
            {
                recorded.Read(read);
            }

            return result;
        }

        public override Task<TResult> ScheduleLocalActivityAsync<TResult>(ScheduleLocalActivityInput input) =>
            base.ScheduleLocalActivityAsync<TResult>(recorded.Current is { } id ? input with { Headers = ClusterIdentityHeader.With(input.Headers, id) } : input);

        public override Task<ChildWorkflowHandle<TWorkflow, TResult>> StartChildWorkflowAsync<TWorkflow, TResult>(StartChildWorkflowInput input) =>
            base.StartChildWorkflowAsync<TWorkflow, TResult>(recorded.Current is { } id ? input with { Headers = ClusterIdentityHeader.With(input.Headers, id) } : input);

        public override ContinueAsNewException CreateContinueAsNewException(CreateContinueAsNewExceptionInput input) =>
            base.CreateContinueAsNewException(recorded.Current is { } id ? input with { Headers = ClusterIdentityHeader.With(input.Headers, id) } : input);
    }
}
