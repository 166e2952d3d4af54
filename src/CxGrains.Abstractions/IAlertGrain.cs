namespace CxGrains.Abstractions;

/// <summary>
/// The cluster's alert list (one activation, key <see cref="AlertGrainKeys.Cluster"/>): raised
/// alerts and a bounded list of recently resolved ones. Rule evaluation happens where the data
/// is (aggregate and customer grains); they report changes here through each silo's reporter.
/// </summary>
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies reported changes in order. Idempotent per alert: a <see cref="AlertChangeKind.Holds"/>
    /// for a raised alert updates it, a <see cref="AlertChangeKind.Cleared"/> for an alert that is not
    /// raised is ignored.
    /// </summary>
    Task Apply(IReadOnlyList<AlertChange> changes);

    /// <summary>Raised alerts and, unless <paramref name="activeOnly"/>, recently resolved ones; newest raised first.</summary>
    Task<IReadOnlyList<AlertSnapshot>> List(bool activeOnly);

    /// <summary>Removes every alert, raised or resolved, about <paramref name="subject"/> (an erased customer).</summary>
    Task Forget(string subject);
}
