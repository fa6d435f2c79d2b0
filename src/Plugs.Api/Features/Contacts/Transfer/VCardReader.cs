using System.Text;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) import: unfolds continuation lines, splits cards,
/// and reads N/FN, EMAIL, TEL, ORG, TITLE, URL, NOTE and UID (first of each) and CATEGORIES (as tags), with the escapes of
/// both versions. No maintained vCard library is available from our package registry, so this
/// small reader covers exactly the properties we import.
/// </summary>
public static class VCardReader
{
    public static IEnumerable<ImportRow> Read(TextReader text)
    {
        var card = 0;
        List<string>? lines = null;
        foreach (var line in Unfold(text))
        {
            if (line.Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase))
            {
                card++;
                lines = [];
            }
            else if (line.Equals("END:VCARD", StringComparison.OrdinalIgnoreCase) && lines is not null)
            {
                yield return ToRow(card, lines);
                lines = null;
            }
            else
            {
                lines?.Add(line);
            }
        }
        if (card == 0)
        {
            throw ValidationProblemException.For("file", "No BEGIN:VCARD found: is this a vCard file?");
        }
    }

    private static ImportRow ToRow(int card, List<string> lines)
    {
        var row = new ImportRow(card);
        var properties = lines.Select(Parse).Where(p => p.Name.Length > 0).ToList();
        var version = properties.FirstOrDefault(p => p.Name == "VERSION").Value;
        if (version is not ("3.0" or "4.0"))
        {
            row.ReadError = $"vCard version {version ?? "(none)"} is not supported; use 3.0 or 4.0.";
            return row;
        }
        string? First(string name) => properties.FirstOrDefault(p => p.Name == name).Value is { Length: > 0 } v ? v : null;
        var n = First("N") is { } name ? SplitUnescaped(name, ';').ToList() : null;
        row.LastName = Unescape(n?.ElementAtOrDefault(0));
        row.FirstName = Unescape(n?.ElementAtOrDefault(1));
        if (string.IsNullOrWhiteSpace(row.FirstName) && string.IsNullOrWhiteSpace(row.LastName) && Unescape(First("FN")) is { } full)
        {
            var cut = full.LastIndexOf(' ');
            (row.FirstName, row.LastName) = cut > 0 ? (full[..cut], full[(cut + 1)..]) : (full, full);
        }
        row.Email = Unescape(First("EMAIL"))?.Replace("mailto:", "", StringComparison.OrdinalIgnoreCase);
        row.Phone = Unescape(First("TEL"))?.Replace("tel:", "", StringComparison.OrdinalIgnoreCase);
        row.Company = Unescape(First("ORG") is { } org ? SplitUnescaped(org, ';').First() : null);
        row.JobTitle = Unescape(First("TITLE"));
        row.Notes = Unescape(First("NOTE"));
        row.Uid = Unescape(First("UID"));
        row.Tags = [.. properties.Where(p => p.Name == "CATEGORIES").SelectMany(p => SplitUnescaped(p.Value, ','))
            .Select(Unescape).OfType<string>().Distinct(StringComparer.Ordinal)];
        row.LinkedinUrl = properties.Where(p => p.Name == "URL").Select(p => Unescape(p.Value))
            .FirstOrDefault(u => u is not null && u.Contains("linkedin.com", StringComparison.OrdinalIgnoreCase));
        return row;
    }

    /// <summary><c>item1.EMAIL;TYPE=work:ann@x.example</c> → (EMAIL, ann@x.example).</summary>
    private static (string Name, string Value) Parse(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return ("", "");
        }
        var name = line[..colon].Split(';')[0];
        var dot = name.LastIndexOf('.');
        return (name[(dot + 1)..].ToUpperInvariant(), line[(colon + 1)..]);
    }

    /// <summary>Splits a list value on separators that are not escaped with a backslash, leaving the escapes for <see cref="Unescape"/>.</summary>
    private static IEnumerable<string> SplitUnescaped(string value, char separator)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                yield return value[start..i];
                start = i + 1;
            }
        }
        yield return value[start..];
    }

    private static IEnumerable<string> Unfold(TextReader text)
    {
        StringBuilder? current = null;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current is not null)
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }
            if (current is not null)
            {
                yield return current.ToString();
            }
            current = new StringBuilder(line.TrimStart('\uFEFF'));
        }
        if (current is not null)
        {
            yield return current.ToString();
        }
    }

    /// <summary>One pass over the value: <c>\n</c> is a line break, a backslash before anything else stands for that character.</summary>
    private static string? Unescape(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                text.Append(next is 'n' or 'N' ? '\n' : next);
            }
            else
            {
                text.Append(value[i]);
            }
        }
        return text.ToString();
    }
}
