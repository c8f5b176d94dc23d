using System.Security.Cryptography;
using System.Text;
using KafkaUpgrade.Kafka.Protocol.Client;

namespace KafkaUpgrade.Kafka.Protocol.Tests;

public sealed class ScramTests
{
    [Fact]
    public void Scram_sha_256_matches_the_rfc_7677_test_vector()
    {
        // RFC 7677 section 3.
        var client = new ScramClient(SaslMechanism.ScramSha256, "user", "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.UTF8.GetString(client.ClientFirstMessage()));
        var serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        var final = Encoding.UTF8.GetString(client.ClientFinalMessage(Encoding.UTF8.GetBytes(serverFirst)));
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", final);
        client.VerifyServerFinal(Encoding.UTF8.GetBytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    [Fact]
    public void Wrong_server_signature_is_refused()
    {
        var client = new ScramClient(SaslMechanism.ScramSha256, "user", "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO");
        client.ClientFirstMessage();
        client.ClientFinalMessage(Encoding.UTF8.GetBytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        var e = Assert.Throws<KafkaAuthenticationException>(() =>
            client.VerifyServerFinal(Encoding.UTF8.GetBytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        Assert.DoesNotContain("pencil", e.Message, StringComparison.Ordinal);
        Assert.Throws<KafkaAuthenticationException>(() => client.VerifyServerFinal(Encoding.UTF8.GetBytes("e=invalid-proof")));
    }

    [Theory]
    [InlineData("r=OTHERNONCE,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]        // nonce not extending ours
    [InlineData("r=abcXYZ,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1024")]            // too few iterations
    [InlineData("r=abcXYZ,s=***,i=4096")]                                // salt not base64
    [InlineData("r=abcXYZ,i=4096")]                                      // no salt
    public void Bad_server_first_message_is_refused(string serverFirst)
    {
        var client = new ScramClient(SaslMechanism.ScramSha512, "u", "p", clientNonce: "abc");
        client.ClientFirstMessage();
        Assert.Throws<KafkaAuthenticationException>(() => client.ClientFinalMessage(Encoding.UTF8.GetBytes(serverFirst)));
    }

    [Fact]
    public void User_names_are_escaped()
    {
        var client = new ScramClient(SaslMechanism.ScramSha512, "a=b,c", "p", clientNonce: "n");
        Assert.Equal("n,,n=a=3Db=2Cc,r=n", Encoding.UTF8.GetString(client.ClientFirstMessage()));
    }

    [Fact]
    public void Sasl_options_never_print_the_password()
    {
        var options = new KafkaSaslOptions(SaslMechanism.ScramSha256, "admin", "s3cr3t");
        Assert.DoesNotContain("s3cr3t", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("SCRAM-SHA-256", options.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The server side of SCRAM for the fake broker (RFC 5802 section 3), only for tests.</summary>
internal sealed class ScramServer(SaslMechanism mechanism, string username, string password)
{
    private readonly HashAlgorithmName _hash = mechanism == SaslMechanism.ScramSha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private const int Iterations = 4096;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;

    public bool Authenticated { get; private set; }

    public byte[]? Step(byte[] message)
    {
        var text = Encoding.UTF8.GetString(message);
        if (_serverFirst is null)
        {
            if (!text.StartsWith("n,,", StringComparison.Ordinal))
            {
                return null;
            }

            _clientFirstBare = text[3..];
            var parts = Parse(_clientFirstBare);
            if (parts['n'] != username)
            {
                return null;
            }

            _nonce = parts['r'] + "srv" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9));
            _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_salt)},i={Iterations}";
            return Encoding.UTF8.GetBytes(_serverFirst);
        }

        var final = Parse(text);
        var withoutProof = text[..text.IndexOf(",p=", StringComparison.Ordinal)];
        if (final['r'] != _nonce)
        {
            return null;
        }

        var size = _hash == HashAlgorithmName.SHA256 ? 32 : 64;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), _salt, Iterations, _hash, size);
        var clientKey = Hmac(salted, "Client Key"u8.ToArray());
        var storedKey = _hash == HashAlgorithmName.SHA256 ? SHA256.HashData(clientKey) : SHA512.HashData(clientKey);
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var signature = Hmac(storedKey, authMessage);
        var proof = Convert.FromBase64String(final['p']);
        var recovered = proof.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        var recoveredStored = _hash == HashAlgorithmName.SHA256 ? SHA256.HashData(recovered) : SHA512.HashData(recovered);
        if (!recoveredStored.AsSpan().SequenceEqual(storedKey))
        {
            return null;
        }

        Authenticated = true;
        var serverSignature = Hmac(Hmac(salted, "Server Key"u8.ToArray()), authMessage);
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature));
    }

    private byte[] Hmac(byte[] key, byte[] data) =>
        _hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data) : HMACSHA512.HashData(key, data);

    private static Dictionary<char, string> Parse(string message) =>
        message.Split(',').Where(p => p.Length >= 2 && p[1] == '=').ToDictionary(p => p[0], p => p[2..]);
}
