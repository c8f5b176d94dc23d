namespace KafkaUpgrade.Simulation;

/// <summary>How an injected admin-call fault fails the call, as a network between a client and Kafka can.</summary>
public enum AdminFault
{
    /// <summary>The request never reaches the controller: nothing changes and the client times out (REQUEST_TIMED_OUT).</summary>
    TimeOut,

    /// <summary>The controller applies the change but the response is lost: the client times out, so its retry must be a no-op.</summary>
    ResponseLost,
}
