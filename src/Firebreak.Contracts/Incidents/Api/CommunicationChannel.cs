namespace Firebreak.Incidents;

/// <summary>Where a message goes; each has its own template file.</summary>
public enum CommunicationChannel
{
    /// <summary>The internal status update (subject and body).</summary>
    Internal,

    /// <summary>The customer notice (subject and body).</summary>
    Customer,

    /// <summary>A one-line chat post.</summary>
    Chat,
}
