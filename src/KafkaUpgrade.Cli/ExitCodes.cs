namespace KafkaUpgrade.Cli;

/// <summary>Process exit codes, stable so scripts can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran but the outcome is a failure (an unsafe plan, a failed upgrade).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown option, unreadable or contradictory snapshot, impossible request. Nothing changed.</summary>
    public const int BadInput = 2;

    /// <summary>A service the command needs (Temporal) could not be reached.</summary>
    public const int Unreachable = 3;
}
