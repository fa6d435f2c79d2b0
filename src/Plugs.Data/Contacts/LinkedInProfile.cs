namespace Plugs.Data.Contacts;

/// <summary>
/// Which LinkedIn profile a URL names. <c>https://www.LinkedIn.com/in/Ada-Lovelace/?trk=x#top</c>,
/// <c>http://linkedin.com/in/ada-lovelace</c> and <c>linkedin.com/in/ADA-LOVELACE/details/</c> are one
/// profile: scheme, host and slug are compared ignoring case, <c>www.</c>, whatever follows the slug
/// (more path, a query, a fragment) and a trailing slash are left out. The key is
/// <c>linkedin.com/in/&lt;slug&gt;</c> in lower case; a URL that is not a profile has none.
/// The migration that added the column computes the same key in SQL for the rows it found.
/// </summary>
public static class LinkedInProfile
{
    private const string Profile = "linkedin.com/in/";

    public static string? Key(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }
        var text = url.Trim().ToLowerInvariant();
        text = text.StartsWith("https://", StringComparison.Ordinal) ? text[8..]
            : text.StartsWith("http://", StringComparison.Ordinal) ? text[7..] : text;
        text = text.StartsWith("www.", StringComparison.Ordinal) ? text[4..] : text;
        if (!text.StartsWith(Profile, StringComparison.Ordinal))
        {
            return null;
        }
        var slug = text[Profile.Length..];
        var end = slug.IndexOfAny(['/', '?', '#']);
        slug = end < 0 ? slug : slug[..end];
        return slug.Length == 0 ? null : Profile + slug;
    }
}
