using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Platform.Mail;

/// <summary>Delivers one queued message: SMTP when configured, else an <c>.eml</c> file in the pickup directory.</summary>
internal sealed class MailDelivery(MailOptions options) : IBacklogWork<MimeMessage>
{
    public async Task HandleAsync(MimeMessage message, CancellationToken ct)
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

    // Never the body: it carries one-time tokens.
    public string Describe(MimeMessage message) => $"mail '{message.Subject}'";
}
