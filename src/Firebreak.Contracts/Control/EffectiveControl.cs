namespace Firebreak.Control;

/// <summary>The mode in force for an agent or tool and the setting that decided it.</summary>
/// <param name="Mode">The most restrictive active mode.</param>
/// <param name="DecidedBy">The setting that imposes <paramref name="Mode"/>; <see langword="null"/> when nothing does (normal). When settings at several scopes share the mode, the widest scope decides, since it still holds after the narrower ones are cleared.</param>
public readonly record struct EffectiveControl(ControlMode Mode, ControlSetting? DecidedBy)
{
    /// <summary>No control in force.</summary>
    public static EffectiveControl Normal => default;
}
