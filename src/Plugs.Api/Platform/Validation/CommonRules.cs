using Plugs.Api.Platform.Mail;

namespace Plugs.Api.Platform.Validation;

/// <summary>Rules that several requests share, so that "a valid e-mail" means one thing everywhere.</summary>
public static class CommonRules
{
    public const int PasswordMinLength = 10;
    public const int PasswordMaxLength = 128;

    /// <summary>
    /// An address the mailer can deliver to (<see cref="MailAddresses"/>), checked in the form it is
    /// stored and mailed in (<see cref="NormalizeEmail"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(v => v is null || IsDeliverable(v)).WithMessage(EmailMessage);

    /// <summary>The same rule for an address that may be left out (contacts): null passes, anything else must be deliverable.</summary>
    public static IRuleBuilderOptions<T, string?> ValidOptionalEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || IsDeliverable(v)).WithMessage(EmailMessage);

    private const string EmailMessage = "Must be a single e-mail address such as name@example.com.";

    private static bool IsDeliverable(string email) => MailAddresses.IsDeliverable(NormalizeEmail(email));

    public static IRuleBuilderOptions<T, string?> ValidPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MinimumLength(PasswordMinLength).MaximumLength(PasswordMaxLength);

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(50).Must(v => v is null || v.Trim().Length > 0).WithMessage("Must not be blank.");

    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(20).Matches(@"^\+?[0-9 ().\-]{3,20}$").WithMessage("Must be a phone number.");

    public static IRuleBuilderOptions<T, string?> ValidUrl<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(v => v is null || (Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("Must be an absolute http(s) URL.");

    /// <summary>Lower-cased and trimmed: the form e-mails are stored and compared in.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
