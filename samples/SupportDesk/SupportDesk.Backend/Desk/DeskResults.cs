using Microsoft.AspNetCore.Http.HttpResults;

namespace SupportDesk.Backend.Desk;

public static class DeskResults
{
    public static ProblemHttpResult Problem(DeskError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return TypedResults.Problem(error.Detail, statusCode: error.Status, title: error.Title);
    }

    /// <summary>A validation problem for every blank field among <paramref name="fields"/>, or <see langword="null"/> when all are set.</summary>
    public static ValidationProblem? Missing(params (string Name, string? Value)[] fields)
    {
        var errors = fields
            .Where(f => string.IsNullOrWhiteSpace(f.Value))
            .ToDictionary(f => f.Name, f => new[] { $"{f.Name} is required." });
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    public static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] });
}
