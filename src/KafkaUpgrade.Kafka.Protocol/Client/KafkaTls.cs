using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace KafkaUpgrade.Kafka.Protocol.Client;

/// <summary>The TLS handshake of a connection, with Kafka's trust rules (a CA file replaces the system store).</summary>
internal static class KafkaTls
{
    public static async Task<Stream> StartAsync(Stream network, KafkaConnectionOptions options, KafkaTlsOptions tls, CancellationToken ct)
    {
        var trusted = new X509Certificate2Collection();
        if (tls.CaFile is not null)
        {
            trusted.ImportFromPemFile(tls.CaFile);
        }

        var clientCertificates = new X509CertificateCollection();
        if (tls.ClientCertificateFile is { } certFile)
        {
            clientCertificates.Add(LoadClientCertificate(certFile, tls));
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? options.Host,
                    ClientCertificates = clientCertificates,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                        ValidateServerCertificate(certificate, chain, errors, trusted, tls.SkipHostnameVerification),
                },
                ct);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            throw new KafkaAuthenticationException($"TLS handshake with {options.Endpoint} failed: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, KafkaTlsOptions tls)
    {
        if (certFile.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || certFile.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(certFile, tls.ClientCertificatePassword);
        }

        return tls.ClientCertificatePassword is null
            ? X509Certificate2.CreateFromPemFile(certFile, tls.ClientKeyFile)
            : X509Certificate2.CreateFromEncryptedPemFile(certFile, tls.ClientCertificatePassword, tls.ClientKeyFile);
    }

    private static bool ValidateServerCertificate(
        X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection trusted, bool skipHostname)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        if (!skipHostname && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        if (trusted.Count == 0)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        // A CA file replaces the system store, as Kafka's ssl.truststore does.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
