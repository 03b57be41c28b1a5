using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>The real server on a fresh database with a fake clock, extra settings, and an operator client that speaks Firebreak JSON.</summary>
internal sealed class IncidentHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly FirebreakApp _app;
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="fakeTime">Whether the server runs on <see cref="Time"/> rather than the system clock.</param>
    /// <param name="databasePath">A SQLite file to use instead of a fresh one, for a restart on the same data.</param>
    /// <param name="postgres">A PostgreSQL database to use instead of SQLite, for several nodes on one store.</param>
    public IncidentHost(IReadOnlyDictionary<string, string>? settings = null, bool fakeTime = true, string? databasePath = null, string? postgres = null)
    {
        _app = new FirebreakApp { PostgresConnectionString = postgres };
        _factory = _app.WithWebHostBuilder(builder =>
        {
            if (databasePath is not null)
            {
                builder.UseSetting("Firebreak:Storage:ConnectionString", databasePath);
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }

            if (fakeTime)
            {
                builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
            }
        });
        Client = WithKey(FirebreakApp.OperatorKey);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public string DatabasePath => _app.DatabasePath;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Anonymous() => _factory.CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, object body) =>
        await Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body, FirebreakJson.Options), Encoding.UTF8, "application/json"), Ct);

    public async Task<T> PostOkAsync<T>(string path, object body)
    {
        using var response = await PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, FirebreakJson.Options)!;
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, FirebreakJson.Options)!;
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }
}
