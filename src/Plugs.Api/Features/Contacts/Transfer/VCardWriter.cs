using System.Text;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>Writes one contact as a vCard 4.0 (RFC 6350), escaped and folded at 75 octets.</summary>
public static class VCardWriter
{
    public static string Write(Contact c, IReadOnlyList<string> tags)
    {
        var card = new StringBuilder();
        void Line(string name, string? value, bool escape = true)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }
            Fold(card, $"{name}:{(escape ? Escape(value) : value)}");
        }
        card.Append("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        // A contact imported with a UID keeps it, so the card imports back onto the same contact anywhere.
        Line("UID", c.ExternalUid ?? $"urn:uuid:{c.Id}", escape: c.ExternalUid is not null);
        Line("FN", $"{c.FirstName} {c.LastName}");
        Fold(card, $"N:{Escape(c.LastName)};{Escape(c.FirstName)};;;");
        Line("EMAIL", c.Email);
        Line("TEL", c.Phone);
        Line("ORG", c.Company);
        Line("TITLE", c.JobTitle);
        Line("URL", c.LinkedinUrl, escape: false);
        Line("NOTE", c.Notes);
        if (tags.Count > 0)
        {
            Fold(card, "CATEGORIES:" + string.Join(',', tags.Select(Escape)));
        }
        card.Append("END:VCARD\r\n");
        return card.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Lines longer than 75 characters continue on lines starting with a space.</summary>
    private static void Fold(StringBuilder card, string line)
    {
        for (var i = 0; i < line.Length; i += i == 0 ? 75 : 74)
        {
            if (i > 0)
            {
                card.Append(' ');
            }
            card.Append(line, i, Math.Min(i == 0 ? 75 : 74, line.Length - i)).Append("\r\n");
        }
    }
}
