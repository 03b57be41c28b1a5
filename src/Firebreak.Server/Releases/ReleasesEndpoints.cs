using Firebreak.Registry;
using Firebreak.Releases;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Releases;

internal static class ReleasesEndpoints
{
    public static IEndpointRouteBuilder MapReleasesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/releases").WithTags("Releases");
        group.Requiring(Policies.Operate).MapPost("/", Create)
            .WithName("CreateRelease").WithSummary("Stores a release; its id is the SHA-256 of its canonical content, so the same content is the same release.");
        group.Requiring(Policies.Observe).MapGet("/", List)
            .WithName("ListReleases").WithSummary("Lists an agent's releases, newest first. An agent key sees only its own agent's.");
        group.Requiring(Policies.Read).MapGet("/diff", Diff)
            .WithName("DiffReleases").WithSummary("What differs between two releases, texts diffed by line.");
        group.Requiring(Policies.Replay).MapGet("/{id}", Get)
            .WithName("GetRelease").WithSummary("Returns a release by id or unique prefix. An agent or ci key sees only its agents'.");

        var agents = app.MapGroup("/api/v1/agents/{agent}/releases").WithTags("Releases");
        var read = agents.Requiring(Policies.Read);
        var operate = agents.Requiring(Policies.Operate);
        read.MapGet("/state", State)
            .WithName("GetReleaseState").WithSummary("The agent's active and last-known-good releases and any gradual restore.");
        read.MapGet("/history", History)
            .WithName("ListActivations").WithSummary("The agent's activation history, newest first: who, when, why, from, to.");
        operate.MapPost("/activate", Activate)
            .WithName("ActivateRelease").WithSummary("Promotes a release behind the regression gate, pushes it to the agent's enforcement points and reports which confirmed.");
        operate.MapPost("/rollback", Rollback)
            .WithName("RollbackRelease").WithSummary("Goes back to the last-known-good (or a named) release and reports which enforcement points confirmed.");
        return app;
    }

    private static async Task<Results<Created<Release>, Ok<Release>, ValidationProblem, ProblemHttpResult>> Create(
        CreateReleaseRequest request,
        ReleaseStore releases,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = ReleaseValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        var result = await releases.CreateAsync(request, Caller.From(http.User).Actor, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Created => TypedResults.Created($"/api/v1/releases/{result.Value!.Id}", result.Value),
            WriteStatus.Existing => TypedResults.Ok(result.Value!),
            _ => Problems.Refused(result),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<Release>>, ValidationProblem, ProblemHttpResult>> List(
        string? agent,
        int? limit,
        ReleaseStore releases,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(agent))
        {
            errors.Add("agent", "is required: an agent id (slug)");
        }

        var size = Paging.Read(errors, limit);

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (Forbid(http, agent!) is { } forbidden)
        {
            return forbidden;
        }

        return TypedResults.Ok(await releases.ListAsync(agent!, size, cancellationToken));
    }

    private static async Task<Results<Ok<Release>, ValidationProblem, ProblemHttpResult>> Get(
        string id,
        string? agent,
        ReleaseStore releases,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!ReleaseValidator.IsReleaseIdOrPrefix(id))
        {
            var errors = new ValidationErrors();
            errors.Add("id", "must be a release id or a prefix of at least 8 of its characters");
            return Problems.Invalid(errors);
        }

        var caller = Caller.From(http.User);
        var (release, problem) = await releases.ResolveAsync(caller.Role == Roles.Agent ? caller.AgentId : agent, id, cancellationToken);
        if (release is null)
        {
            return Problems.NotFound(problem!);
        }

        return Forbid(http, release.AgentId) is { } forbidden ? forbidden : TypedResults.Ok(release);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReleaseDiffEntry>>, ValidationProblem, ProblemHttpResult>> Diff(
        string? from,
        string? to,
        string? agent,
        ReleaseStore releases,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!ReleaseValidator.IsReleaseIdOrPrefix(from))
        {
            errors.Add("from", "must be a release id or a prefix of at least 8 of its characters");
        }

        if (!ReleaseValidator.IsReleaseIdOrPrefix(to))
        {
            errors.Add("to", "must be a release id or a prefix of at least 8 of its characters");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (before, problem) = await releases.ResolveAsync(agent, from!, cancellationToken);
        if (before is null)
        {
            return Problems.NotFound(problem!);
        }

        var (after, missing) = await releases.ResolveAsync(agent, to!, cancellationToken);
        return after is null ? Problems.NotFound(missing!) : TypedResults.Ok(ReleaseDiff.Compare(before, after));
    }

    private static async Task<Results<Ok<AgentReleaseState>, ProblemHttpResult>> State(
        string agent,
        ReleaseStore releases,
        RegistryStore registry,
        ControlPlane control,
        CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(agent, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{agent}' is not registered.");
        }

        return TypedResults.Ok(await releases.GetStateAsync(agent, cancellationToken) with { Frozen = control.IsFrozen(agent) });
    }

    private static async Task<Results<Ok<IReadOnlyList<ReleaseActivation>>, ValidationProblem>> History(
        string agent,
        int? limit,
        ReleaseStore releases,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        return TypedResults.Ok(await releases.ListActivationsAsync(agent, size, cancellationToken));
    }

    private static async Task<Results<Ok<ActivationResult>, ValidationProblem, ProblemHttpResult>> Activate(
        string agent,
        ActivateReleaseRequest request,
        int? wait,
        ReleasePlane plane,
        IOptions<ControlOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (Wait(wait, options) is not { } timeout)
        {
            return Problems.Invalid(WaitError());
        }

        return (await plane.ActivateAsync(agent, request, Caller.From(http.User), timeout, cancellationToken)).Answer(TypedResults.Ok);
    }

    private static async Task<Results<Ok<ActivationResult>, ValidationProblem, ProblemHttpResult>> Rollback(
        string agent,
        RollbackRequest request,
        int? wait,
        ReleasePlane plane,
        IOptions<ControlOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (Wait(wait, options) is not { } timeout)
        {
            return Problems.Invalid(WaitError());
        }

        return (await plane.RollbackAsync(agent, request, Caller.From(http.User), timeout, cancellationToken)).Answer(TypedResults.Ok);
    }

    internal static TimeSpan? Wait(int? wait, IOptions<ControlOptions> options) =>
        wait switch
        {
            null => options.Value.ConfirmationTimeout,
            < 0 or > ControlEndpoints.MaxWaitMs => null,
            _ => TimeSpan.FromMilliseconds(wait.Value),
        };

    internal static ValidationErrors WaitError()
    {
        var errors = new ValidationErrors();
        errors.Add("wait", $"must be between 0 and {ControlEndpoints.MaxWaitMs} milliseconds");
        return errors;
    }

    /// <summary>Operators and viewers see every agent; an agent key only its own.</summary>
    internal static ProblemHttpResult? Forbid(HttpContext http, string agentId)
    {
        return Caller.From(http.User).MaySee(agentId)
            ? null
            : Problems.Forbidden($"This key may not see agent '{agentId}'.");
    }
}
