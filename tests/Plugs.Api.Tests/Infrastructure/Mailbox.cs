using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>Reads what the API really sent: the .eml files of its pickup directory.</summary>
public static partial class Mailbox
{
    /// <summary>The newest message to <paramref name="email"/> that links to <paramref name="path"/> (beyond the first <paramref name="previous"/>): its token.</summary>
    public static async Task<string> TokenSentToAsync(PlugsApiFactory api, string email, string path, int previous = 0)
    {
        await DeliveredAsync(api);
        var tokens = Messages(api, email).Select(m => TokenIn(m, path)).OfType<string>().ToList();
        return tokens.Count > previous ? tokens[^1] : throw new InvalidOperationException($"No '{path}' mail reached {email}.");
    }

    public static Task DeliveredAsync(PlugsApiFactory api) => DeliveredAsync(api.Services);

    /// <summary>
    /// Waits until the host has done all the work its requests handed off (the password-reset
    /// lookup, then the mail it queued) and so every mail asked for so far is in the directory.
    /// </summary>
    public static async Task DeliveredAsync(IServiceProvider services)
    {
        var backlogs = services.GetServices<IBacklog>().ToList();
        // Work done by one backlog may queue more in another: done when a pass finds all of them idle.
        while (backlogs.FirstOrDefault(b => !b.IsIdle) is { } busy)
        {
            await busy.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The token of the link to <paramref name="path"/> in the message, if it has one.</summary>
    public static string? TokenIn(MimeMessage message, string path) =>
        TokenLink().Match(message.TextBody ?? "") is { Success: true } m && m.Groups["path"].Value == path
            ? Uri.UnescapeDataString(m.Groups["token"].Value)
            : null;

    public static List<MimeMessage> Messages(PlugsApiFactory api, string email)
    {
        if (!Directory.Exists(api.MailDirectory))
        {
            return [];
        }
        return Directory.GetFiles(api.MailDirectory, "*.eml").Order()
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address.Equals(email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    [GeneratedRegex(@"/(?<path>[a-z-]+)\?token=(?<token>[A-Za-z0-9_\-%]+)")]
    private static partial Regex TokenLink();
}
