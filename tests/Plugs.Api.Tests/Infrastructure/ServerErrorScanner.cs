using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit.Sdk;

[assembly: Plugs.Api.Tests.Infrastructure.FailOnServerErrors]

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>
/// Sits in front of the API's whole pipeline and records every response of status 500 or more
/// (and every exception that escapes the pipeline): a 5xx is always a bug, whichever test sent the
/// request and whatever it asserted. The test server runs requests in the test's execution
/// context (<see cref="PlugsApiFactory"/>), so each one is charged to the test that sent it and
/// <see cref="FailOnServerErrorsAttribute"/> fails that test; a request sent outside any test
/// fails its test class when the factory is disposed.
/// </summary>
internal sealed class ServerErrorScanner(List<string> outsideTests) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, call) =>
        {
            try
            {
                await call(http);
            }
            catch (Exception e)
            {
                Record(http, $"threw {e.GetType().Name}: {e.Message}");
                throw;
            }
            // Readiness answers 503 by contract when a dependency is down; everything else's 5xx is a bug.
            var notReady = http.Response.StatusCode == 503 && http.Request.Path == "/health/ready";
            if (http.Response.StatusCode >= 500 && !notReady)
            {
                // The exception handler turned an exception into this answer: name it, so a failure
                // seen once on a CI machine can be diagnosed from the test's output alone.
                var handled = http.Features.Get<IExceptionHandlerFeature>()?.Error;
                Record(http, http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + (handled is null ? "" : "\n" + handled));
            }
        });
        next(app);
    };

    private void Record(HttpContext http, string what)
    {
        var errors = FailOnServerErrorsAttribute.Current.Value ?? outsideTests;
        lock (errors)
        {
            errors.Add($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}: {what}");
        }
    }
}

/// <summary>Fails every test of the assembly during which the API answered a 5xx (<see cref="ServerErrorScanner"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FailOnServerErrorsAttribute : BeforeAfterTestAttribute
{
    internal static readonly AsyncLocal<List<string>?> Current = new();

    public override void Before(MethodInfo methodUnderTest) => Current.Value = [];

    public override void After(MethodInfo methodUnderTest)
    {
        var errors = Current.Value ?? [];
        Current.Value = null;
        lock (errors)
        {
            if (errors.Count > 0)
            {
                throw new XunitException($"The API answered {errors.Count} request(s) of this test with 5xx:\n{string.Join('\n', errors.Take(20))}");
            }
        }
    }
}
