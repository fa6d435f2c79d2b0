using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace Plugs.Api.Platform.Mail;

/// <summary>
/// The one definition of an e-mail address, the mailer's own: what MimeKit parses, strictly, as a
/// single bare mailbox (no display name, comment, route or list, and nothing it would rewrite),
/// narrowed to what every SMTP server delivers to: a dot-atom ASCII local part of at most 64
/// characters, and a domain name (international names allowed) of two or more labels whose last is
/// not numeric; no quoted local parts, no address literals; 254 characters in all (RFC 5321).
/// Every validator that takes an address uses it (<c>CommonRules.ValidEmail</c>), and the outbox
/// parses recipients with it, so an address the API accepted can always be mailed.
/// </summary>
public static partial class MailAddresses
{
    public const int MaxLength = 254;

    private static readonly ParserOptions Strict = CreateStrictOptions();

    public static bool IsDeliverable(string? address) => TryParse(address, out _);

    public static bool TryParse(string? address, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength
            || !MailboxAddress.TryParse(Strict, address, out var parsed)
            || !string.IsNullOrEmpty(parsed.Name) || parsed.Route.Count > 0 || parsed.Address != address)
        {
            return false;
        }
        var at = address.LastIndexOf('@');
        if (at is < 1 or > 64 || !LocalPart().IsMatch(address.AsSpan(0, at)) || !IsDomainName(address[(at + 1)..]))
        {
            return false;
        }
        mailbox = parsed;
        return true;
    }

    private static bool IsDomainName(string domain)
    {
        string ascii;
        try
        {
            // IdnMapping's instance members are not documented as thread-safe; one is cheap.
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2
            && labels.All(l => Label().IsMatch(l)) && !labels[^1].All(char.IsAsciiDigit);
    }

    private static ParserOptions CreateStrictOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }

    // RFC 5322 dot-atom of atext: no spaces, quotes, commas, brackets or leading, trailing or double dots.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")]
    private static partial Regex LocalPart();

    // RFC 1035 label (after IDNA): letters, digits and inner hyphens, 1-63 characters.
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Label();
}
