using System.Text;
using KafkaUpgrade.Kafka.Protocol.Errors;

namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>
/// SASL on a connection that has done ApiVersions, as Kafka's client does it: SaslHandshake v1 (KIP-152), then the
/// mechanism's tokens in SaslAuthenticate requests. Returns the session lifetime the node granted (KIP-368).
/// Errors name the node and mechanism, never the credentials.
/// </summary>
internal static class SaslAuthenticator
{
    public static async Task<TimeSpan?> AuthenticateAsync(KafkaConnection connection, KafkaSaslOptions sasl, CancellationToken ct)
    {
        var mechanism = sasl.MechanismName;

        // KIP-152: SaslHandshake v1 puts the SASL tokens in SaslAuthenticate requests; v0's raw tokens are not spoken.
        var handshakeVersion = connection.NegotiatedVersion(ApiKey.SaslHandshake, new ApiVersionRange(1, 1));
        var handshake = await connection.SendAsync(
            ApiKey.SaslHandshake, handshakeVersion, KafkaApis.Get(ApiKey.SaslHandshake).NewRequest().Set("Mechanism", mechanism), null, ct);
        var handshakeError = handshake.GetInt16("ErrorCode");
        if (handshakeError != 0)
        {
            var enabled = string.Join(", ", handshake.GetArray<string>("Mechanisms") ?? []);
            throw new KafkaAuthenticationException(
                $"{connection.Endpoint} refused SASL mechanism {mechanism}: {KafkaErrors.NameOf(handshakeError)} (enabled: {enabled})");
        }

        var authVersion = connection.NegotiatedVersion(ApiKey.SaslAuthenticate);
        if (sasl.Mechanism == SaslMechanism.Plain)
        {
            // RFC 4616: [authzid] NUL authcid NUL passwd.
            var token = Encoding.UTF8.GetBytes($"\0{sasl.Username}\0{sasl.Password}");
            return (await StepAsync(connection, authVersion, token, mechanism, ct)).Lifetime;
        }

        var scram = new ScramClient(sasl.Mechanism, sasl.Username, sasl.Password);
        var (serverFirst, _) = await StepAsync(connection, authVersion, scram.ClientFirstMessage(), mechanism, ct);
        var (serverFinal, lifetime) = await StepAsync(connection, authVersion, scram.ClientFinalMessage(serverFirst), mechanism, ct);
        try
        {
            scram.VerifyServerFinal(serverFinal);
            return lifetime;
        }
        catch (KafkaAuthenticationException e)
        {
            throw new KafkaAuthenticationException($"SASL {mechanism} authentication with {connection.Endpoint} failed: {e.Message}", e);
        }
    }

    private static async Task<(byte[] Token, TimeSpan? Lifetime)> StepAsync(KafkaConnection connection, short version, byte[] token, string mechanism, CancellationToken ct)
    {
        var request = KafkaApis.Get(ApiKey.SaslAuthenticate).NewRequest().Set("AuthBytes", token);
        KafkaStruct response;
        try
        {
            response = await connection.SendAsync(ApiKey.SaslAuthenticate, version, request, null, ct);
        }
        catch (KafkaConnectionException e)
        {
            throw new KafkaAuthenticationException($"SASL {mechanism} authentication with {connection.Endpoint} failed: the node closed the connection", e);
        }

        var error = response.GetInt16("ErrorCode");
        if (error != 0)
        {
            var message = response.GetString("ErrorMessage");
            throw new KafkaAuthenticationException(
                $"SASL {mechanism} authentication with {connection.Endpoint} failed: {KafkaErrors.NameOf(error)}{(message is null ? "" : ": " + message)}");
        }

        var lifetime = response.GetInt64("SessionLifetimeMs");
        return (response.GetBytes("AuthBytes") ?? [], lifetime > 0 ? TimeSpan.FromMilliseconds(lifetime) : null);
    }
}
