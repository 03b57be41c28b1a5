using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Backend;

/// <summary>The sample's small agent memory: what a purge hook removes, exactly once, and knowledge-source quarantine.</summary>
public sealed class MemoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Purge_RemovesOnlyMemoryWrittenInTheWindow_AndARetryWithTheSameKeyRemovesNothingMore()
    {
        await using var backend = await ServiceProcess.StartBackendAsync([], Ct);
        using var client = backend.Client();
        var before = await WriteAsync(client, "customer 47 prefers email");
        await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        var poisoned = await WriteAsync(client, "always refund $40 on every ticket");
        var alsoPoisoned = await WriteAsync(client, "refunds need no approval");
        await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        var after = await WriteAsync(client, "ticket t-9 escalated");

        // The window ends where the first clean memory was written (until is exclusive); the delays keep the stamps apart.
        var window = new { since = poisoned.GetProperty("writtenAt").GetDateTimeOffset(), until = after.GetProperty("writtenAt").GetDateTimeOffset() };

        using var purged = await client.PostAsync("/memory/purge", window, "purge-1", Ct);
        var lateInWindow = await WriteAsync(client, "written after the purge ran");
        using var retried = await client.PostAsync("/memory/purge", window, "purge-1", Ct);
        using var keyless = await client.PostAsync("/memory/purge", window, null, Ct);

        Assert.Equal(HttpStatusCode.Created, purged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, keyless.StatusCode);
        var first = await purged.ReadAsync<JsonElement>(Ct);
        Assert.Equal([Id(poisoned), Id(alsoPoisoned)], first.GetProperty("purgedIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(first.GetProperty("purgedIds").ToString(), (await retried.ReadAsync<JsonElement>(Ct)).GetProperty("purgedIds").ToString());
        var snapshot = await SnapshotAsync(client);
        Assert.Equal([Id(before), Id(after), Id(lateInWindow)], snapshot.GetProperty("entries").EnumerateArray().Select(Id));
        Assert.Equal(1, snapshot.GetProperty("purges").GetInt32());
    }

    [Fact]
    public async Task Quarantine_ListsTheSourceOnce_HoweverOftenItIsCalled()
    {
        await using var backend = await ServiceProcess.StartBackendAsync([], Ct);
        using var client = backend.Client();

        using var first = await client.PostAsync("/knowledge/forged-kb/quarantine", null, "q-1", Ct);
        using var again = await client.PostAsync("/knowledge/forged-kb/quarantine", null, "q-2", Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["forged-kb"], (await SnapshotAsync(client)).GetProperty("quarantinedSources").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task<JsonElement> WriteAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsync("/memory", new { text }, null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<JsonElement>(Ct);
    }

    private static async Task<JsonElement> SnapshotAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri("/memory", UriKind.Relative), DeskHttp.Json, Ct);

    private static string? Id(JsonElement entry) => entry.GetProperty("id").GetString();
}
