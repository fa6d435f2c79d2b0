using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Plugs.Api.Features.Webhooks;
using StandardWebhooks;

namespace Plugs.Api.Tests.Webhooks;

/// <summary>
/// Our Standard Webhooks signatures, checked by an independent implementation (the
/// <c>StandardWebhooks</c> package), so a signing mistake cannot pass by agreeing with itself.
/// </summary>
public sealed class WebhookSignatureTests
{
    private static readonly WebhookSecrets Secrets = new(new EphemeralDataProtectionProvider());

    private static HeaderDictionary Headers(string id, long timestamp, string signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature,
    };

    [Fact]
    public void A_signature_verifies_with_the_reference_implementation_and_ours()
    {
        var (secret, _) = Secrets.Create();
        const string body = """{"type":"contact.created","data":{"id":"0197"}}""";
        var id = $"evt_{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(id, now, Encoding.UTF8.GetBytes(body), [secret]);
        Assert.StartsWith("v1,", signature, StringComparison.Ordinal);
        new StandardWebhook(secret).Verify(body, Headers(id, now, signature));
        Assert.True(WebhookSignature.Verify(id, now, Encoding.UTF8.GetBytes(body), signature, secret));
    }

    [Fact]
    public void During_a_rotation_either_secret_verifies_and_no_other()
    {
        var (previous, _) = Secrets.Create();
        var (current, _) = Secrets.Create();
        var (stranger, _) = Secrets.Create();
        const string body = """{"type":"ping"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign("evt_1", now, Encoding.UTF8.GetBytes(body), [current, previous]);
        var parts = signature.Split(' ');
        Assert.Equal(2, parts.Length);
        // StandardWebhooks 1.1.2 checks only the first of several signatures (docs/upstream/
        // standardwebhooks-multiple-signatures.md), so each is checked by it on its own.
        new StandardWebhook(current).Verify(body, Headers("evt_1", now, parts[0]));
        new StandardWebhook(current).Verify(body, Headers("evt_1", now, signature));
        new StandardWebhook(previous).Verify(body, Headers("evt_1", now, parts[1]));
        Assert.True(WebhookSignature.Verify("evt_1", now, Encoding.UTF8.GetBytes(body), signature, previous));
        Assert.True(WebhookSignature.Verify("evt_1", now, Encoding.UTF8.GetBytes(body), signature, current));
        Assert.All(parts, part => Assert.ThrowsAny<Exception>(() => new StandardWebhook(stranger).Verify(body, Headers("evt_1", now, part))));
        Assert.False(WebhookSignature.Verify("evt_1", now, Encoding.UTF8.GetBytes(body), signature, stranger));
    }

    [Theory]
    [InlineData("""{"type":"ping","x":1}""", "evt_1", 0)]
    [InlineData("""{"type":"ping"}""", "evt_2", 0)]
    [InlineData("""{"type":"ping"}""", "evt_1", 1)]
    public void A_changed_body_id_or_timestamp_fails(string body, string id, int skew)
    {
        var (secret, _) = Secrets.Create();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign("evt_1", now, Encoding.UTF8.GetBytes("""{"type":"ping"}"""), [secret]);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(body, Headers(id, now + skew, signature)));
        Assert.False(WebhookSignature.Verify(id, now + skew, Encoding.UTF8.GetBytes(body), signature, secret));
    }
}
