namespace KafkaUpgrade.Core.Validation;

/// <summary>A cluster description contradicts itself; <see cref="Problems"/> names every offending item.</summary>
public sealed class ClusterValidationException : Exception
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    public ClusterValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in the order of the description.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        const int shown = 10;
        var lines = problems.Take(shown).Select(p => "  " + p);
        var more = problems.Count > shown ? $"{Environment.NewLine}  ... and {problems.Count - shown} more" : string.Empty;
        return $"The cluster description is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}" +
            string.Join(Environment.NewLine, lines) + more;
    }
}
