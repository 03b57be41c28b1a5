namespace SupportDesk.Agent.Model;

public enum AgentBehaviour
{
    /// <summary>Refunds only what the refund policy covers.</summary>
    Normal,

    /// <summary>The seeded incident: a bad prompt makes the agent refund 40 USD on every ticket.</summary>
    Faulty,
}
