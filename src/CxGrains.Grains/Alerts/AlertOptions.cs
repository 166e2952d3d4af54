using CxGrains.Grains.Alerts.Webhooks;
using CxGrains.Scoring;

namespace CxGrains.Grains.Alerts;

/// <summary>Alert rules, the customer rule and webhooks (docs/alerts.md). Section <c>Cx:Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Cx:Alerts";

    /// <summary>Rules over touchpoint and segment metrics. None unless configured.</summary>
    public List<AlertRuleOptions> Rules { get; set; } = [];

    /// <summary>The high-value-customer-turns-critical rule.</summary>
    public CustomerAlertOptions Customers { get; set; } = new();

    /// <summary>Least time between two updates of one raised alert (a new value is reported at most this often). Default 5 s.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A raised touchpoint or segment alert whose subject brings no new evidence (no sample at or above
    /// the rule's minimum) for this long resolves as "no data". Zero turns it off. Rules may set their
    /// own. Default 30 minutes.
    /// </summary>
    public TimeSpan NoDataTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long the alert grain collects changes before it writes its alert list: the list is written
    /// whole, and at a million customers it holds thousands of customer alerts, so writing it once per
    /// reported batch kept grain storage busy with one ever larger row. Erasures and deactivation write
    /// at once. Zero writes after every change. A silo that dies loses at most this much of alert
    /// history (webhooks and the wallboard have already seen the changes). Default 2 s.
    /// </summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Resolved alerts kept for <c>ListAlerts</c>, newest first. Default 200.</summary>
    public int ResolvedKept { get; set; } = 200;

    /// <summary>Alert changes a silo queues for the alert grain before dropping (with a warning). Default 10,000.</summary>
    public int ReportQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Fewest NPS responses an <c>nps</c> rule needs, whatever its own minimum: the query API's
    /// <c>Cx:Query:MinimumResponses</c> (default 30), applied by <c>AddCxAlerts</c>.
    /// </summary>
    public int NpsMinimumResponses { get; set; } = MetricDefinitions.DefaultMinimumResponses;

    /// <summary>Endpoints that receive raised and resolved alerts.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Retry and queue settings of webhook delivery.</summary>
    public WebhookDeliveryOptions Delivery { get; set; } = new();
}
