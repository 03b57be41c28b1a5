namespace Firebreak.Incidents;

/// <summary>What is known about an incident's impact, as input to the severity classifier. Counts are never negative.</summary>
/// <param name="CustomersAffected">Distinct customers who received a wrong outcome.</param>
/// <param name="EntitiesAffected">Distinct records the agent touched wrongly (tickets, orders, accounts, ...).</param>
/// <param name="MoneyMoved">The absolute amount moved in error, in <paramref name="Currency"/>; 0 when no money moved.</param>
/// <param name="Currency">ISO 4217 code of <paramref name="MoneyMoved"/>; <see langword="null"/> when no money moved.</param>
/// <param name="PiiExposed">Personal data reached someone who should not have seen it.</param>
/// <param name="SafetyOrPolicyImpact">The agent gave dangerous advice or acted against a safety, legal or security policy.</param>
/// <param name="AgentStillActing">The agent is still taking actions; nothing has contained it yet.</param>
/// <param name="IrreversibleActions">Some wrong actions cannot be undone (sent messages, executed transfers, deleted data).</param>
/// <param name="UserVisible">Users saw or felt the problem.</param>
/// <param name="CaughtBeforeUserImpact">The problem was found before any user was affected (in review, shadow mode or an evaluation).</param>
public sealed record ImpactFacts(
    int CustomersAffected = 0,
    int EntitiesAffected = 0,
    decimal MoneyMoved = 0m,
    string? Currency = null,
    bool PiiExposed = false,
    bool SafetyOrPolicyImpact = false,
    bool AgentStillActing = false,
    bool IrreversibleActions = false,
    bool UserVisible = false,
    bool CaughtBeforeUserImpact = false);
