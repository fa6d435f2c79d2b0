using MimeKit;
using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Platform.Mail;

/// <summary>
/// What features call: compose and enqueue. It never throws, because features send after their
/// change has committed, and a committed success must stay one: a recipient the mailer cannot take
/// is logged and skipped. Only an address stored before <see cref="MailAddresses"/> became the rule
/// of every validator can be one; the flows that mail have a way to ask again once it is corrected
/// (resend verification, re-invite, forgot-password again).
/// </summary>
public sealed class MailOutbox(Backlog<MimeMessage> queue, MailOptions options, ILogger<MailOutbox> logger)
{
    /// <summary>Queues the message; false when the recipient is not a deliverable address (nothing is queued).</summary>
    public bool Send(string to, string subject, string body)
    {
        if (!MailAddresses.TryParse(to, out var recipient))
        {
            // Never log the address or the body (it carries one-time tokens).
            logger.LogWarning("Not sending {Subject}: the recipient is not a deliverable address", subject);
            return false;
        }
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From)); // checked at startup (MailSetup)
        message.To.Add(recipient);
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        queue.Enqueue(message);
        return true;
    }

    public string Link(string path, string token) => $"{options.PublicUrl.TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}";
}
