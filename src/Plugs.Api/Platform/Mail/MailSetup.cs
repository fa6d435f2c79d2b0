using MimeKit;
using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Platform.Mail;

/// <summary>
/// Outgoing e-mail. With <c>Mail__Smtp__Host</c> set, messages go out through SMTP (MailKit);
/// otherwise each message is written as an <c>.eml</c> file to <c>Mail__PickupDirectory</c>
/// (default <c>./data/mail</c>). Requests only enqueue (<see cref="MailOutbox"/>); a background
/// worker delivers (<see cref="MailDelivery"/>), so the time a request takes never tells whether a
/// mail was sent, and a mail that cannot go out never fails the request that asked for it.
/// </summary>
public static class MailSetup
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        options.PickupDirectory ??= Path.Combine(builder.Configuration.DataDirectory(), "mail");
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            throw new InvalidOperationException($"Mail:From ('{options.From}') is not an e-mail address such as 'The Plugs <no-reply@example.com>'.");
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddBacklog<MimeMessage, MailDelivery>(capacity: 10_000);
        return builder;
    }
}

public sealed class MailOptions
{
    public string From { get; set; } = "The Plugs <no-reply@theplugs.local>";
    /// <summary>Base URL of the front end, for links in messages.</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";
    public string? PickupDirectory { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool UseStartTls { get; set; } = true;
}
