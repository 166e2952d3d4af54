namespace CxGrains.Scoring;

/// <summary>Counts that rolling windows can hold: they merge exactly and know when they are empty.</summary>
/// <typeparam name="TSelf">The counts type itself.</typeparam>
public interface IWindowCounts<TSelf>
    where TSelf : struct, IWindowCounts<TSelf>
{
    /// <summary>Whether nothing has been counted.</summary>
    bool IsEmpty { get; }

    /// <summary>Adds another set of counts to this one.</summary>
    /// <param name="other">The counts to add.</param>
    void Merge(in TSelf other);
}
