using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Counters;

public static class CountersEndpoints
{
    public static IEndpointRouteBuilder MapCountersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/counters", Get).WithTags("Counters").WithName("GetCounters").WithSummary("Counts every side effect since the desk was created.");
        return app;
    }

    public static Ok<DeskCounters> Get(DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return TypedResults.Ok(store.Counters());
    }
}
