namespace SupportDesk.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Firebreak.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find Firebreak.slnx above the test output folder.");
    }
}
