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
        rule.NotEmpty().SetValidator(new EmailRule<T>());

    /// <summary>The same rule for an address that may be left out (contacts): null passes, anything else must be deliverable.</summary>
    public static IRuleBuilderOptions<T, string?> ValidOptionalEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SetValidator(new EmailRule<T>());

    public static IRuleBuilderOptions<T, string?> ValidPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MinimumLength(PasswordMinLength).MaximumLength(PasswordMaxLength);

    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(50).Must(v => v is null || v.Trim().Length > 0).WithMessage("Must not be blank.");

    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(20).Matches(@"^\+?[0-9 ().\-]{3,20}$").WithMessage("Must be a phone number.");

    public static IRuleBuilderOptions<T, string?> ValidUrl<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).SetValidator(new HttpUrlRule<T>());

    /// <summary>Lower-cased and trimmed: the form e-mails are stored and compared in.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>A deliverable e-mail address (<see cref="MailAddresses"/>) in the form it is stored and mailed in; the document says <c>format: email</c>.</summary>
internal sealed class EmailRule<T> : FluentValidation.Validators.PropertyValidator<T, string?>, OpenApi.IDocumentedRule
{
    public override string Name => "EmailRule";

    public override bool IsValid(ValidationContext<T> context, string? value) =>
        value is null || MailAddresses.IsDeliverable(CommonRules.NormalizeEmail(value));

    protected override string GetDefaultMessageTemplate(string errorCode) => "Must be a single e-mail address such as name@example.com.";

    public void Describe(Microsoft.OpenApi.OpenApiSchema schema)
    {
        schema.Format = "email";
        schema.MaxLength = Math.Min(schema.MaxLength ?? int.MaxValue, MailAddresses.MaxLength);
    }
}

/// <summary>An absolute http(s) URL; the document says <c>format: uri</c>.</summary>
internal sealed class HttpUrlRule<T> : FluentValidation.Validators.PropertyValidator<T, string?>, OpenApi.IDocumentedRule
{
    public override string Name => "HttpUrlRule";

    public override bool IsValid(ValidationContext<T> context, string? value) =>
        value is null || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    protected override string GetDefaultMessageTemplate(string errorCode) => "Must be an absolute http(s) URL.";

    public void Describe(Microsoft.OpenApi.OpenApiSchema schema)
    {
        schema.Format = "uri";
        schema.Pattern = "^https?://";
    }
}
