using Microsoft.Extensions.FileProviders;

namespace Firebreak.Server.WebConsole;

/// <summary>
/// Serves the web console from files embedded in the server assembly, so a node needs no separate front end and no
/// internet. The files are public and hold no data: the page signs in with an API key and reads everything from the API.
/// </summary>
internal static class WebConsoleApplicationBuilderExtensions
{
    public const string RequestPath = "/console";

    // Scripts, styles and API calls from this origin only: a console that can kill agents must not run injected code.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication UseFirebreakConsole(this WebApplication app)
    {
        // The server's root has nothing of its own to show: a browser pointed at the node lands in the console. A middleware
        // rather than an endpoint, so the endpoint list stays the API and /health the only anonymous endpoint.
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                context.Response.Redirect(RequestPath + "/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        var files = new EmbeddedFileProvider(typeof(WebConsoleApplicationBuilderExtensions).Assembly, "Firebreak.Server.WebConsole");
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = RequestPath, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = RequestPath,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";

                // Revalidated on every load, so an upgraded server never runs a stale console against a newer API.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
