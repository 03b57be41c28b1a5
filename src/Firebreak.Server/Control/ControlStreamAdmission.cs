namespace Firebreak.Server.Control;

/// <summary>Whether <see cref="ControlStreamSlots"/> let a control stream open, or which bound refused it.</summary>
internal enum ControlStreamAdmission
{
    Opened,
    KeyFull,
    NodeFull,
}
