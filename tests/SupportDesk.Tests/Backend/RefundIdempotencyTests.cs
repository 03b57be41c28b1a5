using System.Net;
using SupportDesk.Agent.Desk;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Backend;

/// <summary>Stripe's rule: the same key with the same body gets the original refund; another body gets a 409.</summary>
public sealed class RefundIdempotencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameKeySameBody_RefundsOnce_AndReplaysTheOriginal()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();

        using var first = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 20m, currency = "USD", reason = "damaged" }, "key-1", Ct);
        using var second = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 20.00m, currency = "usd", reason = "damaged" }, "key-1", Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.ReadAsync<DeskRefund>(Ct), await second.ReadAsync<DeskRefund>(Ct));
        var counters = await client.CountersAsync(Ct);
        Assert.Equal((1, 20m), (counters.Refunds, counters.RefundedAmount));
    }

    [Fact]
    public async Task SameKeyDifferentBody_IsAConflict_AndRefundsNothingMore()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();
        using var first = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 20m, currency = "USD" }, "key-1", Ct);

        using var second = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 25m, currency = "USD" }, "key-1", Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var counters = await client.CountersAsync(Ct);
        Assert.Equal((1, 20m), (counters.Refunds, counters.RefundedAmount));
    }

    [Fact]
    public async Task RefundAboveWhatIsLeft_IsRefused_AndTheKeyStaysUsable()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();

        // Seed 1 paid 60 USD.
        using var tooMuch = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 61m, currency = "USD" }, "key-1", Ct);
        using var within = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 60m, currency = "USD" }, "key-1", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal(HttpStatusCode.Created, within.StatusCode);
    }

    [Theory]
    [InlineData(null, "o-1", 10, "USD")]
    [InlineData("key", null, 10, "USD")]
    [InlineData("key", "o-1", 0, "USD")]
    [InlineData("key", "o-1", 10, null)]
    public async Task BadInput_IsAValidationProblem_AndChangesNothing(string? key, string? orderId, int amount, string? currency)
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();

        using var response = await client.PostAsync("/refunds", new { orderId, amount = (decimal)amount, currency }, key, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await client.CountersAsync(Ct)).Refunds);
    }
}
