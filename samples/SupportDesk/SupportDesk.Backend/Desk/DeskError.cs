namespace SupportDesk.Backend.Desk;

/// <summary>Why the desk refused a request, as the status and text of a problem details answer.</summary>
public sealed record DeskError(int Status, string Title, string Detail)
{
    public static DeskError NotFound(string what, string id) => new(StatusCodes.Status404NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} '{id}'.");

    public static DeskError Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static DeskError Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, "Request refused", detail);
}
