using System.Security.Cryptography;
using System.Text;

namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>
/// The client side of SCRAM (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka's SCRAM-SHA-512), as Kafka's
/// ScramSaslClient runs it: no channel binding ("n,,"), user names escaped ("=" as "=3D", "," as "=2C"), the
/// password used as UTF-8 without SASLprep (Kafka's ScramFormatter.normalize), at least 4096 iterations.
/// </summary>
public sealed class ScramClient
{
    private const string Gs2Header = "n,,";
    private const int MinIterations = 4096;
    private readonly HashAlgorithmName _hash;
    private readonly string _username;
    private readonly string _password;
    private readonly string _clientNonce;
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    /// <summary>Starts an exchange. <paramref name="clientNonce"/> is for tests; by default 24 random bytes.</summary>
    public ScramClient(SaslMechanism mechanism, string username, string password, string? clientNonce = null)
    {
        _hash = mechanism switch
        {
            SaslMechanism.ScramSha256 => HashAlgorithmName.SHA256,
            SaslMechanism.ScramSha512 => HashAlgorithmName.SHA512,
            _ => throw new ArgumentException($"{mechanism} is not a SCRAM mechanism", nameof(mechanism)),
        };
        _username = username;
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    }

    /// <summary>client-first-message: <c>n,,n=user,r=nonce</c>.</summary>
    public byte[] ClientFirstMessage()
    {
        _clientFirstBare = $"n={Escape(_username)},r={_clientNonce}";
        return Encoding.UTF8.GetBytes(Gs2Header + _clientFirstBare);
    }

    /// <summary>client-final-message for the server's first message; remembers the server signature to expect.</summary>
    public byte[] ClientFinalMessage(byte[] serverFirstMessage)
    {
        ArgumentNullException.ThrowIfNull(serverFirstMessage);
        if (_clientFirstBare is null)
        {
            throw new InvalidOperationException("ClientFirstMessage must come first");
        }

        var serverFirst = Encoding.UTF8.GetString(serverFirstMessage);
        var attributes = Parse(serverFirst);
        if (attributes.ContainsKey('m'))
        {
            throw new KafkaAuthenticationException("SCRAM server-first-message requests an unsupported extension (m=)");
        }

        var nonce = Required(attributes, 'r', "nonce");
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new KafkaAuthenticationException("SCRAM server nonce does not extend the client nonce");
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(Required(attributes, 's', "salt"));
        }
        catch (FormatException)
        {
            throw new KafkaAuthenticationException("SCRAM salt is not base64");
        }

        if (!int.TryParse(Required(attributes, 'i', "iteration count"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations < MinIterations)
        {
            throw new KafkaAuthenticationException($"SCRAM iteration count must be a number of at least {MinIterations}");
        }

        var hashSize = _hash == HashAlgorithmName.SHA256 ? 32 : 64;
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, _hash, hashSize);
        var clientKey = Hmac(saltedPassword, "Client Key"u8);
        var storedKey = _hash == HashAlgorithmName.SHA256 ? SHA256.HashData(clientKey) : SHA512.HashData(clientKey);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.UTF8.GetBytes(Gs2Header))},r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        var clientSignature = Hmac(storedKey, authMessage);
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        var serverKey = Hmac(saltedPassword, "Server Key"u8);
        _expectedServerSignature = Hmac(serverKey, authMessage);
        CryptographicOperations.ZeroMemory(saltedPassword);
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}");
    }

    /// <summary>Checks server-final-message: the server proves it knows the password too (mutual authentication).</summary>
    public void VerifyServerFinal(byte[] serverFinalMessage)
    {
        ArgumentNullException.ThrowIfNull(serverFinalMessage);
        if (_expectedServerSignature is null)
        {
            throw new InvalidOperationException("ClientFinalMessage must come first");
        }

        var attributes = Parse(Encoding.UTF8.GetString(serverFinalMessage));
        if (attributes.TryGetValue('e', out var error))
        {
            throw new KafkaAuthenticationException($"SCRAM server error: {error}");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Required(attributes, 'v', "verifier"));
        }
        catch (FormatException)
        {
            throw new KafkaAuthenticationException("SCRAM server signature is not base64");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new KafkaAuthenticationException("SCRAM server signature does not match: the server does not know the credentials");
        }
    }

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) =>
        _hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    private static string Escape(string username) =>
        username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    private static Dictionary<char, string> Parse(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result.TryAdd(part[0], part[2..]);
            }
        }

        return result;
    }

    private static string Required(Dictionary<char, string> attributes, char key, string what) =>
        attributes.TryGetValue(key, out var v) ? v : throw new KafkaAuthenticationException($"SCRAM message has no {what} ({key}=)");
}
