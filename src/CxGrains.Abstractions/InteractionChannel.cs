namespace CxGrains.Abstractions;

/// <summary>The channel an interaction happened on; mirrors <c>cx.v1.Channel</c> without its zero value.</summary>
public enum InteractionChannel : byte
{
    /// <summary>Phone call.</summary>
    Phone = 1,
    /// <summary>Chat.</summary>
    Chat = 2,
    /// <summary>E-mail.</summary>
    Email = 3,
    /// <summary>Web site.</summary>
    Web = 4,
    /// <summary>Mobile app.</summary>
    App = 5,
    /// <summary>Physical store.</summary>
    Store = 6,
    /// <summary>Social media.</summary>
    Social = 7,
    /// <summary>Field service visit.</summary>
    Field = 8,
}
