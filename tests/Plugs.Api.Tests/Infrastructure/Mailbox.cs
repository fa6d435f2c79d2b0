using System.Text.RegularExpressions;
using MimeKit;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>Reads what the API really sent: the .eml files of its pickup directory.</summary>
public static partial class Mailbox
{
    /// <summary>Waits for the newest message to <paramref name="email"/> that links to <paramref name="path"/> and returns its token.</summary>
    public static async Task<string> TokenSentToAsync(PlugsApiFactory api, string email, string path, int previous = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var tokens = Messages(api, email)
                .Select(m => TokenLink().Match(m.TextBody ?? ""))
                .Where(m => m.Success && m.Groups["path"].Value == path)
                .Select(m => Uri.UnescapeDataString(m.Groups["token"].Value))
                .ToList();
            if (tokens.Count > previous)
            {
                return tokens[^1];
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No '{path}' mail reached {email}.");
    }

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
