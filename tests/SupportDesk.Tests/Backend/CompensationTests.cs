using System.Net;
using System.Net.Http.Json;
using SupportDesk.Agent.Desk;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Backend;

/// <summary>The inverses Firebreak runs during an incident: a refund's reversal and a closed ticket's reopening.</summary>
public sealed class CompensationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reversal_HappensExactlyOnce_WhateverTheKey()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();
        using var issued = await client.PostAsync("/refunds", new { orderId = "o-1", amount = 40m, currency = "USD" }, "refund-1", Ct);
        var refund = await issued.ReadAsync<DeskRefund>(Ct);

        using var first = await client.PostAsync($"/refunds/{refund.Id}/reverse", null, "reverse-1", Ct);
        using var retried = await client.PostAsync($"/refunds/{refund.Id}/reverse", null, "reverse-1", Ct);
        using var otherKey = await client.PostAsync($"/refunds/{refund.Id}/reverse", null, "reverse-2", Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherKey.StatusCode);
        Assert.Equal(1, (await client.CountersAsync(Ct)).Reversals);
        var order = await client.GetFromJsonAsync<DeskOrderDetails>(new Uri("/orders/o-1", UriKind.Relative), DeskHttp.Json, Ct);
        Assert.Equal(0m, order!.Order.RefundedTotal);
        Assert.NotNull(Assert.Single(order.Refunds).ReversalId);
    }

    [Fact]
    public async Task Reversal_OfAnUnknownRefund_IsNotFound()
    {
        await using var backend = await ServiceProcess.StartBackendAsync([], Ct);
        using var client = backend.Client();

        using var response = await client.PostAsync("/refunds/re-404/reverse", null, "reverse-1", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, (await client.CountersAsync(Ct)).Reversals);
    }

    [Fact]
    public async Task Reopen_UndoesClose_AndEachTransitionCountsOnce()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "1"], Ct);
        using var client = backend.Client();

        (await client.PostAsync("/tickets/t-1/close", new { resolution = "refunded" }, null, Ct)).Dispose();
        (await client.PostAsync("/tickets/t-1/close", new { resolution = "refunded" }, null, Ct)).Dispose();
        using var reopened = await client.PostAsync("/tickets/t-1/reopen", null, null, Ct);
        (await client.PostAsync("/tickets/t-1/reopen", null, null, Ct)).Dispose();

        var ticket = await reopened.ReadAsync<DeskTicket>(Ct);
        Assert.Equal("open", ticket.Status);
        var counters = await client.CountersAsync(Ct);
        Assert.Equal((1, 1), (counters.TicketsClosed, counters.TicketsReopened));
    }
}
