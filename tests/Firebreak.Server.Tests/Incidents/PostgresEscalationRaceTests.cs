using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Two nodes on one PostgreSQL database scan the same due pages at the same moments: every step goes out once.</summary>
public sealed class PostgresEscalationRaceTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoScannersRacingOnOneStore_SendEachPageStepOnce()
    {
        var database = await postgres.Server.CreateDatabaseAsync(cancellationToken: Ct);
        await using var receiver = await Receiver.StartAsync();
        var settings = EscalationTests.Settings(receiver.Url);

        // A delivery's lease is counted on the fake clock, which jumps minutes while a real request is in flight: a long
        // attempt timeout keeps the lease longer than the whole test's fake time, as the real clock would.
        settings["Firebreak:Incidents:WebhookTimeout"] = "01:00:00";
        await using var first = new IncidentHost(settings, postgres: database);
        await using var second = new IncidentHost(settings, postgres: database);
        await first.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));
        var scanners = new[] { first, second }.Select(h => h.Services.GetRequiredService<IncidentEscalation>()).ToArray();

        for (var minute = 1; minute <= 30; minute++)
        {
            first.Time.Advance(TimeSpan.FromMinutes(1));
            second.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAll(scanners.Select(s => Task.Run(() => s.ScanAsync(Ct), Ct)));
        }

        var trail = await EscalationTests.PageTrailAsync(second);
        Assert.Equal([0, 5, 10, 15, 25], trail.Select(t => t.Minute));
        Assert.Equal([TimelineKind.Page, TimelineKind.Page, TimelineKind.Page, TimelineKind.Page, TimelineKind.Note], trail.Select(t => t.Kind));
        var deliveries = await first.GetAsync<List<WebhookDelivery>>("/api/v1/incidents/webhooks/deliveries");
        Assert.Equal(["primary", "primary", "primary", "secondary"], deliveries.OrderBy(d => d.Id).Select(d => d.Webhook));
        Assert.Equal(4, (await receiver.WaitForAsync(4)).Count);
    }
}
