using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// <c>/docs</c> works on a machine with no internet and offers only what we offer: every script it
/// names is ours and served, its Content-Security-Policy lets the browser load nothing from
/// another origin (so a font or script fetched from elsewhere is refused, not silently used), and
/// the reference is configured without the vendor's fonts, AI chat, MCP, telemetry and
/// developer-tools toolbar (its "Generate SDK" and "Deploy" buttons).
/// </summary>
public sealed partial class DocsPageTests(SqliteApiFactory api) : IClassFixture<SqliteApiFactory>
{
    [Fact]
    public async Task The_docs_page_loads_only_what_we_serve_and_shows_no_vendor_services()
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotMatch("https?:|//|\\*", policy);
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        foreach (var name in new[] { "font-src", "connect-src", "img-src", "style-src" })
        {
            Assert.StartsWith($"{name} 'self'", directives[name], StringComparison.Ordinal);
        }

        // Every script is ours: relative, carries this response's nonce, and is served.
        var nonce = Regex.Match(directives["script-src"], "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s.Value, StringComparison.Ordinal));
        foreach (var src in scripts.Select(s => s.Groups["src"].Value).Where(s => s.Length > 0))
        {
            Assert.DoesNotMatch("^(https?:)?//", src);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/docs/{src}")).StatusCode);
        }
        Assert.DoesNotMatch("<link[^>]+href=\"(https?:)?//", html);

        var configuration = JsonNode.Parse(Configuration().Match(html).Groups["json"].Value)!;
        Assert.False(configuration["withDefaultFonts"]!.GetValue<bool>());
        Assert.False(configuration["telemetry"]!.GetValue<bool>());
        Assert.Equal("never", configuration["showDeveloperTools"]!.GetValue<string>());
        Assert.True(configuration["agent"]!["disabled"]!.GetValue<bool>());
        Assert.True(configuration["mcp"]!["disabled"]!.GetValue<bool>());
        Assert.Equal("openapi/v1.json", configuration["sources"]![0]!["url"]!.GetValue<string>());

        // A fresh nonce per response.
        var again = await client.GetAsync("/docs/");
        Assert.NotEqual(policy, Assert.Single(again.Headers.GetValues("Content-Security-Policy")));
    }

    [GeneratedRegex("<script(?: type=\"module\")?(?: src=\"(?<src>[^\"]*)\")?[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*\w+,\s*(?<json>\{.*\}),", RegexOptions.Singleline)]
    private static partial Regex Configuration();
}
