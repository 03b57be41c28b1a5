using System.Net;

namespace SupportDesk.Agent.Desk;

/// <summary>The backend refused a request; the message is its problem details' detail, for the model to read.</summary>
public sealed class DeskRequestException : Exception
{
    public DeskRequestException()
    {
    }

    public DeskRequestException(string message)
        : base(message)
    {
    }

    public DeskRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DeskRequestException(HttpStatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public HttpStatusCode? Status { get; }
}
