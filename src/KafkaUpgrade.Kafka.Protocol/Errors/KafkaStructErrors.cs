namespace KafkaUpgrade.Kafka.Protocol.Errors;

/// <summary>Reading Kafka error codes out of decoded messages.</summary>
public static class KafkaStructErrors
{
    /// <summary>
    /// The error in an int16 error-code field (by default <c>ErrorCode</c>) with Kafka's name and retriability.
    /// </summary>
    public static KafkaErrorInfo Error(this KafkaStruct value, string field = "ErrorCode")
    {
        ArgumentNullException.ThrowIfNull(value);
        return KafkaErrors.Describe(value.GetInt16(field));
    }
}
