namespace CxGrains.Grains.Alerts;

/// <summary>How alerts name what they are about, and how alert ids are formed.</summary>
public static class AlertSubjects
{
    /// <summary><c>touchpoint/&lt;id&gt;</c> or <c>segment/&lt;key&gt;</c>.</summary>
    public static string Of(AlertSubjectKind kind, string id) =>
        kind == AlertSubjectKind.Touchpoint ? $"touchpoint/{id}" : $"segment/{id}";

    /// <summary><c>customer/&lt;id&gt;</c>.</summary>
    public static string Customer(string customerId) => $"customer/{customerId}";

    /// <summary>The stable id of the alert a rule raises about a subject: <c>&lt;rule&gt;:&lt;subject&gt;</c>.</summary>
    public static string AlertId(string rule, string subject) => $"{rule}:{subject}";
}
