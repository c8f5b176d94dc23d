namespace KafkaUpgrade.Core.Validation;

/// <summary>One contradiction in a cluster description.</summary>
/// <param name="Path">Where it is, e.g. <c>topics[orders].partitions[3].isr</c>.</param>
/// <param name="Message">What is wrong there.</param>
public sealed record ValidationProblem(string Path, string Message)
{
    /// <summary><c>path: message</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
