namespace Firebreak.Testing;

/// <summary>Paths in this repository, found from the test output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The SupportDesk sample registry the servers under test start with.</summary>
    public static string SampleRegistry => Path.Combine(Root, "samples", "SupportDesk", "registry.json");

    /// <summary>
    /// The built assembly of a project of this repository, such as <c>src/Firebreak.Server</c>, in the configuration of the
    /// running tests (test projects build it through a project reference); fails the test when it is missing.
    /// </summary>
    public static string BuiltAssembly(string projectDirectory, string assemblyName)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(Root, projectDirectory, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first: {path} is missing.", path);
    }

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
