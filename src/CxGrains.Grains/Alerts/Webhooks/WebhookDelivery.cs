namespace CxGrains.Grains.Alerts.Webhooks;

/// <summary>One alert change to POST: the body is fixed, each attempt signs it with a fresh timestamp.</summary>
/// <param name="DeliveryId">Same on every attempt, so receivers can drop a retry they already processed.</param>
/// <param name="Event">alert.raised or alert.resolved.</param>
/// <param name="Body">The UTF-8 JSON body.</param>
public sealed record WebhookDelivery(string DeliveryId, string Event, byte[] Body);
