namespace KafkaUpgrade.Client;

/// <summary>An operation's input is invalid; nothing was started. The message names every problem.</summary>
public sealed class InvalidOperationInputException : ArgumentException
{
    /// <summary>Creates the error listing <paramref name="problems"/>.</summary>
    public InvalidOperationInputException(IReadOnlyList<string> problems)
        : base($"Invalid input: {string.Join("; ", problems ?? [])}.") => Problems = problems ?? [];

    /// <summary>Creates the error.</summary>
    public InvalidOperationInputException()
        : this([])
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public InvalidOperationInputException(string message)
        : base(message) => Problems = [message];

    /// <summary>Creates the error with a message and cause.</summary>
    public InvalidOperationInputException(string message, Exception inner)
        : base(message, inner) => Problems = [message];

    /// <summary>What is wrong, one entry per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
