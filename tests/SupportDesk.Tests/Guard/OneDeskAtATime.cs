namespace SupportDesk.Tests.Guard;

/// <summary>
/// One guarded desk at a time: each test starts a Firebreak server, a backend and an agent, and the lease and
/// approval timings they exercise are kept honest by not sharing two cores with another desk.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneDeskAtATime
{
    public const string Name = "guarded desk";
}
