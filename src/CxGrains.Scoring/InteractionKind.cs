namespace CxGrains.Scoring;

/// <summary>The kind of payload an interaction carries; mirrors the payload cases of <c>cx.v1.InteractionEvent</c>.</summary>
public enum InteractionKind : byte
{
    /// <summary>A Net Promoter answer, 0–10.</summary>
    Nps = 1,

    /// <summary>A customer-satisfaction answer, 1–5.</summary>
    Csat = 2,

    /// <summary>A customer-effort answer, 1–7 (higher = easier).</summary>
    Ces = 3,

    /// <summary>A contact-centre contact (call, chat, e-mail) with its operational facts.</summary>
    Contact = 4,

    /// <summary>A purchase; carries value, not an experience judgement.</summary>
    Purchase = 5,

    /// <summary>A complaint with a severity of 1–3.</summary>
    Complaint = 6,
}
