namespace Firebreak.Server.Playbooks;

/// <summary>Playbook settings, bound from the <c>Firebreak:Playbooks</c> configuration section.</summary>
public sealed class PlaybookOptions
{
    public const string Section = "Firebreak:Playbooks";

    /// <summary>
    /// Whether new alerts get the first matching automatic playbook of their agent (default <see langword="true"/>).
    /// Off, alerts are still raised and incidents still declared, and operators apply playbooks by hand: for a drill
    /// that exercises manual containment, or while the playbooks themselves are under review.
    /// </summary>
    public bool Automatic { get; set; } = true;
}
