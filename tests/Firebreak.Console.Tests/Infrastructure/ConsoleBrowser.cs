using Microsoft.Playwright;

namespace Firebreak.Console.Tests.Infrastructure;

/// <summary>
/// The system Chromium, headless, on one page of the console. Every Playwright wait has a deadline, so a console that
/// never shows what a test expects fails the test instead of hanging it. Requests leaving the server's origin are
/// recorded: the console must work without internet.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    /// <summary>The browser the tests drive; <c>scripts/test.sh</c> installs it (Playwright's own download is not used).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long any single wait for the page may take.</summary>
    public const float WaitMs = 20_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _foreignRequests = [];
    private readonly List<string> _pageErrors = [];

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>URLs the page asked for outside the server's origin; empty for a console that needs no internet.</summary>
    public IReadOnlyList<string> ForeignRequests
    {
        get
        {
            lock (_foreignRequests)
            {
                return [.. _foreignRequests];
            }
        }
    }

    /// <summary>Uncaught script errors on the page; empty for a console that works.</summary>
    public IReadOnlyList<string> PageErrors
    {
        get
        {
            lock (_pageErrors)
            {
                return [.. _pageErrors];
            }
        }
    }

    public static async Task<ConsoleBrowser> OpenAsync(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException($"The console tests drive the system Chromium at {ChromiumPath}; install it (apt-get install chromium, as scripts/test.sh does).", ChromiumPath);
        }

        Assertions.SetDefaultExpectTimeout(WaitMs);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Timeout = 60_000 });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = server.ToString(),
                ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
                ColorScheme = ColorScheme.Light,
            });
            context.SetDefaultTimeout(WaitMs);
            context.SetDefaultNavigationTimeout(WaitMs);
            var page = await context.NewPageAsync();
            var console = new ConsoleBrowser(playwright, browser, page);
            var origin = server.GetLeftPart(UriPartial.Authority);
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(origin, StringComparison.Ordinal))
                {
                    lock (console._foreignRequests)
                    {
                        console._foreignRequests.Add(request.Url);
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (console._pageErrors)
                {
                    console._pageErrors.Add(error);
                }
            };
            return console;
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens the console and signs in with <paramref name="apiKey"/>.</summary>
    public async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync("/console");
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Writes a screenshot of the whole page to <c>docs/images/</c>, where the README shows it.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "images", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
