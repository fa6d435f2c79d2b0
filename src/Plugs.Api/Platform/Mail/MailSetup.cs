using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Plugs.Api.Platform.Database;

namespace Plugs.Api.Platform.Mail;

/// <summary>
/// Outgoing e-mail. With <c>Mail__Smtp__Host</c> set, messages go out through SMTP (MailKit);
/// otherwise each message is written as an <c>.eml</c> file to <c>Mail__PickupDirectory</c>
/// (default <c>./data/mail</c>). Requests only enqueue; a background dispatcher sends, so the
/// time a request takes never tells whether a mail was sent.
/// </summary>
public static class MailSetup
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        options.PickupDirectory ??= Path.Combine(builder.Configuration.DataDirectory(), "mail");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Channel.CreateBounded<MimeMessage>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest }));
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddHostedService<MailDispatcher>();
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

/// <summary>What features call: compose and enqueue.</summary>
public sealed class MailOutbox(Channel<MimeMessage> queue, MailOptions options)
{
    public void Send(string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        queue.Writer.TryWrite(message);
    }

    public string Link(string path, string token) => $"{options.PublicUrl.TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}";
}

internal sealed class MailDispatcher(Channel<MimeMessage> queue, MailOptions options, ILogger<MailDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DeliverAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never log the body: it carries one-time tokens.
                logger.LogError(e, "Could not send mail {Subject}", message.Subject);
            }
        }
    }

    private async Task DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            Directory.CreateDirectory(options.PickupDirectory!);
            var path = Path.Combine(options.PickupDirectory!, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(path + ".tmp", ct);
            File.Move(path + ".tmp", path); // readers never see half a file
            return;
        }
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(options.Smtp.Host, options.Smtp.Port,
            options.Smtp.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.Smtp.Username))
        {
            await smtp.AuthenticateAsync(options.Smtp.Username, options.Smtp.Password ?? "", ct);
        }
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
