namespace Firebreak.Testing;

/// <summary>A directory under the system temp folder, removed when the test is done.</summary>
/// <param name="group">The folder under the temp folder that holds the directory, naming the suite that made it.</param>
public sealed class TempDirectory(string group = "firebreak-tests") : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), group, Guid.NewGuid().ToString("N"))).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled SQLite connections of this process keep the database files open.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process under test may still hold a file for a moment; the OS temp cleaner gets it later.
        }
    }
}
