using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Server.Auth;

/// <summary>API key material. Keys carry 256 random bits, so a plain SHA-256 is a safe stored form: there is nothing to brute-force.</summary>
internal static class ApiKey
{
    public const string Prefix = "fbk_";

    public static string Generate() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
