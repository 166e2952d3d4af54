using CxGrains.Abstractions;
namespace CxGrains.Grains.Alerts;

/// <summary>How alerts name what they are about, and how alert ids are formed.</summary>
public static class AlertSubjects
{
    /// <summary><c>touchpoint/&lt;id&gt;</c> or <c>segment/&lt;key&gt;</c>.</summary>
    public static string Of(AggregateKind kind, string id) =>
        (kind == AggregateKind.Touchpoint ? TouchpointPrefix : SegmentPrefix) + id;

    /// <summary>Reads a touchpoint or segment subject back; false for customers and anything else.</summary>
    public static bool TryParse(string subject, out AggregateKind kind, out string id)
    {
        (kind, id) = subject switch
        {
            _ when subject.StartsWith(TouchpointPrefix, StringComparison.Ordinal) => (AggregateKind.Touchpoint, subject[TouchpointPrefix.Length..]),
            _ when subject.StartsWith(SegmentPrefix, StringComparison.Ordinal) => (AggregateKind.Segment, subject[SegmentPrefix.Length..]),
            _ => (default, ""),
        };
        return id.Length > 0;
    }

    private const string TouchpointPrefix = "touchpoint/";
    private const string SegmentPrefix = "segment/";
    private const string CustomerPrefix = "customer/";

    /// <summary><c>customer/&lt;id&gt;</c>.</summary>
    public static string Customer(string customerId) => CustomerPrefix + customerId;

    /// <summary>True when the subject is a customer: an alert that names a person.</summary>
    public static bool IsCustomer(string subject) => subject.StartsWith(CustomerPrefix, StringComparison.Ordinal);

    /// <summary>The stable id of the alert a rule raises about a subject: <c>&lt;rule&gt;:&lt;subject&gt;</c>.</summary>
    public static string AlertId(string rule, string subject) => $"{rule}:{subject}";
}
