using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class IncidentLifecycleTests
{
    private const IncidentStatus Declared = IncidentStatus.Declared;
    private const IncidentStatus Investigating = IncidentStatus.Investigating;
    private const IncidentStatus Mitigated = IncidentStatus.Mitigated;
    private const IncidentStatus Resolved = IncidentStatus.Resolved;
    private const IncidentStatus Closed = IncidentStatus.Closed;

    /// <summary>All 25 pairs, so that a change to any rule breaks exactly one row.</summary>
    [Theory]
    [InlineData(Declared, Declared, false)]
    [InlineData(Declared, Investigating, true)]
    [InlineData(Declared, Mitigated, true)]
    [InlineData(Declared, Resolved, true)]
    [InlineData(Declared, Closed, false)]
    [InlineData(Investigating, Declared, false)]
    [InlineData(Investigating, Investigating, false)]
    [InlineData(Investigating, Mitigated, true)]
    [InlineData(Investigating, Resolved, true)]
    [InlineData(Investigating, Closed, false)]
    [InlineData(Mitigated, Declared, false)]
    [InlineData(Mitigated, Investigating, true)]
    [InlineData(Mitigated, Mitigated, false)]
    [InlineData(Mitigated, Resolved, true)]
    [InlineData(Mitigated, Closed, false)]
    [InlineData(Resolved, Declared, false)]
    [InlineData(Resolved, Investigating, true)]
    [InlineData(Resolved, Mitigated, false)]
    [InlineData(Resolved, Resolved, false)]
    [InlineData(Resolved, Closed, true)]
    [InlineData(Closed, Declared, false)]
    [InlineData(Closed, Investigating, false)]
    [InlineData(Closed, Mitigated, false)]
    [InlineData(Closed, Resolved, false)]
    [InlineData(Closed, Closed, false)]
    public void Transition_AllowsOnlyTheDocumentedMoves(IncidentStatus from, IncidentStatus to, bool allowed)
    {
        var result = IncidentLifecycle.Transition(from, to);

        Assert.Equal(allowed, IncidentLifecycle.CanTransition(from, to));
        Assert.Equal(allowed, result.Succeeded);
        Assert.Equal(allowed ? to : from, result.Status);
        if (allowed)
        {
            Assert.Null(result.Error);
        }
        else
        {
            Assert.StartsWith($"cannot move from {from.ToString().ToLowerInvariant()} to {to.ToString().ToLowerInvariant()}: ", result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Closed, Investigating, "a closed incident is final")]
    [InlineData(Mitigated, Declared, "cannot return to declared")]
    [InlineData(Investigating, Closed, "only a resolved incident can be closed")]
    [InlineData(Resolved, Mitigated, "goes back to investigating")]
    [InlineData(Mitigated, Mitigated, "already mitigated")]
    public void Transition_ExplainsWhyAMoveIsRefused(IncidentStatus from, IncidentStatus to, string reason)
    {
        Assert.Contains(reason, IncidentLifecycle.Transition(from, to).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_RefusesUndefinedStatuses()
    {
        Assert.False(IncidentLifecycle.CanTransition(Declared, (IncidentStatus)42));
    }
}
