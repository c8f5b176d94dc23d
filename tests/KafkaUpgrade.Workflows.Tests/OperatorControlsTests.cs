using KafkaUpgrade.Workflows.Contracts;
using KafkaUpgrade.Workflows.Steering;

namespace KafkaUpgrade.Workflows.Tests;

public class OperatorControlsTests
{
    [Fact]
    public void Commands_change_the_state_operators_see()
    {
        var controls = new OperatorControls();
        controls.Apply(new OperatorCommand(OperatorCommandKind.Pause, "change freeze"));
        Assert.True(controls.Paused);
        Assert.Equal("change freeze", controls.PauseReason);
        controls.Apply(new OperatorCommand(OperatorCommandKind.Resume));
        Assert.False(controls.Paused);
        controls.Apply(new OperatorCommand(OperatorCommandKind.SetThrottle, Value: 50_000_000));
        controls.Apply(new OperatorCommand(OperatorCommandKind.SetBatchSize, Value: 3));
        Assert.Equal(50_000_000, controls.ThrottleBytesPerSecond);
        Assert.Equal(3, controls.BatchSize);
        Assert.Equal(2, controls.SettingsVersion);
        controls.Apply(new OperatorCommand(OperatorCommandKind.Abort, "rollback window closed"));
        Assert.True(controls.AbortRequested);
    }

    [Fact]
    public void Invalid_commands_are_refused_with_a_reason()
    {
        var controls = new OperatorControls();
        Assert.Equal("Nothing is waiting for approval right now.", controls.Validate(new OperatorCommand(OperatorCommandKind.Approve)));
        Assert.Equal("The batch size must be at least 1.", controls.Validate(new OperatorCommand(OperatorCommandKind.SetBatchSize, Value: 0)));
        Assert.Null(controls.Validate(new OperatorCommand(OperatorCommandKind.Pause)));
    }

    [Fact]
    public void State_survives_a_continue_as_new()
    {
        var controls = new OperatorControls(new OperatorControlsState(false, null, null, null, null, ["hop 2"]));
        controls.Apply(new OperatorCommand(OperatorCommandKind.Pause, "night"));
        controls.Apply(new OperatorCommand(OperatorCommandKind.SetBatchSize, Value: 2));
        var restored = new OperatorControls(controls.Snapshot());
        Assert.True(restored.Paused);
        Assert.Equal(2, restored.BatchSize);
        Assert.Equal(["hop 2"], restored.Snapshot().Approved);
    }

    [Fact]
    public void An_approval_with_no_gate_waiting_is_dropped_never_kept_for_a_later_gate()
    {
        var controls = new OperatorControls();

        // Neither the control signal's Approve (with or without a step) nor a direct approval stores anything.
        controls.Apply(new OperatorCommand(OperatorCommandKind.Approve));
        controls.Apply(new OperatorCommand(OperatorCommandKind.Approve, Step: "finalize the ZooKeeper to KRaft migration"));
        Assert.False(controls.Approve("finalize the ZooKeeper to KRaft migration"));
        Assert.False(controls.Approve(null));
        Assert.Empty(controls.Snapshot().Approved);
    }

    [Fact]
    public void An_approval_must_name_the_gate_waiting()
    {
        Assert.Equal("Nothing is waiting for approval right now.", OperatorControls.ValidateApproval("hop 2", null));
        Assert.Contains("Name the gate you approve: 'hop 2: x' is waiting", OperatorControls.ValidateApproval(null, "hop 2: x"), StringComparison.Ordinal);
        Assert.Equal("The step waiting for approval is 'hop 2: x', not 'hop 3'.", OperatorControls.ValidateApproval("hop 3", "hop 2: x"));
        Assert.Null(OperatorControls.ValidateApproval("hop 2: x", "hop 2: x"));
    }
}
