using CxGrains.Contracts.V1;
using Google.Protobuf;
using Kind = CxGrains.Contracts.V1.InteractionEvent.PayloadOneofCase;

namespace CxGrains.LoadGen.Tests;

[Trait("Tier", "Fast")]
public sealed class SyntheticDataTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private static EventFactory Factory(SyntheticOptions? options = null) =>
        new(options ?? new SyntheticOptions { RunId = "test", Customers = 10_000 }, new ManualTimeProvider(Now));

    private static List<InteractionEvent> Generate(int count, SyntheticOptions? options = null)
    {
        var factory = Factory(options);
        var batch = new EventBatch();
        factory.AddEvents(batch.Events, 0, count);
        return [.. batch.Events];
    }

    [Fact]
    public void Customers_in_turn_reach_every_customer_exactly_once_in_as_many_events_whatever_the_batches()
    {
        var inTurn = new SyntheticOptions { RunId = "test", Customers = 1_000, CustomersInTurn = true };
        var source = new BatchSource(Factory(inTurn), 300, 2_500);
        var events = new List<InteractionEvent>();
        while (source.Next() is { } batch)
        {
            events.AddRange(batch.Batch.Events);
        }

        Assert.Equal(2_500, events.Count);
        foreach (var turn in events.Chunk(1_000).Where(chunk => chunk.Length == 1_000))
        {
            Assert.Equal(
                Enumerable.Range(1, 1_000).Select(rank => $"cust-{rank}").Order(StringComparer.Ordinal),
                turn.Select(e => e.CustomerId).Order(StringComparer.Ordinal));
        }

        // The customer changes, and what is the customer's own (attributes, currency); each event's kind,
        // touchpoint and time stay what the sampled order makes.
        static object Shape(InteractionEvent e) => (e.EventId, e.TouchpointId, e.OccurredAt, e.PayloadCase);
        Assert.Equal(Generate(50, inTurn with { CustomersInTurn = false }).Select(Shape), Generate(50, inTurn).Select(Shape));
    }

    [Fact]
    public void A_queue_share_makes_that_part_of_each_batch_whole_contacts_on_phone_and_chat_queues()
    {
        var factory = Factory(new SyntheticOptions { RunId = "test", Customers = 10_000, QueueShare = 0.3 });
        var source = new BatchSource(factory, 500, null);
        var batches = Enumerable.Range(0, 4).Select(_ => source.Next()!.Batch).ToList();

        Assert.All(batches, b => Assert.Equal((350, 150), (b.Events.Count, b.QueueEvents.Count)));
        var steps = batches.SelectMany(b => b.QueueEvents).ToList();
        Assert.Equal(steps.Count, steps.Select(s => (s.ContactId, s.Kind)).Distinct().Count());
        foreach (var contact in steps.GroupBy(s => s.ContactId))
        {
            Assert.Equal([QueueEventKind.Offered, QueueEventKind.Answered, QueueEventKind.Ended], contact.Select(s => s.Kind));
            Assert.Single(contact.Select(s => s.QueueId).Distinct());
            Assert.True(contact.Select(s => s.OccurredAt.ToDateTimeOffset()).SequenceEqual(contact.Select(s => s.OccurredAt.ToDateTimeOffset()).Order()));
        }

        var phoneAndChat = factory.Channels.Touchpoints.Where(t => t.Channel is Channel.Phone or Channel.Chat).Select(t => t.Id).ToHashSet();
        Assert.All(steps, s => Assert.Contains(s.QueueId, phoneAndChat));
    }

    [Fact]
    public void The_same_seed_gives_the_same_events()
    {
        var first = Generate(2_000);
        var second = Generate(2_000);

        Assert.Equal(first.Select(e => e.ToByteString()), second.Select(e => e.ToByteString()));
    }

    [Fact]
    public void Another_seed_gives_other_events()
    {
        var first = Generate(1_000);
        var other = Generate(1_000, new SyntheticOptions { RunId = "test", Customers = 10_000, Seed = 2 });

        var same = first.Zip(other).Count(p => p.First.Equals(p.Second));
        Assert.True(same < 10, $"{same} of 1000 events identical");
    }

    [Fact]
    public void An_event_depends_only_on_its_sequence_number_not_on_who_generates_it()
    {
        var factory = Factory();
        var batch = new EventBatch();
        factory.AddEvents(batch.Events, 500, 100);

        Assert.Equal(factory.Create(573, Now), batch.Events[73]);
        Assert.Equal("test-573", batch.Events[73].EventId);
    }

    [Fact]
    public void Event_ids_are_unique_and_the_run_id_is_random_unless_given()
    {
        var events = Generate(50_000);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());

        var a = new EventFactory(new SyntheticOptions());
        var b = new EventFactory(new SyntheticOptions());
        Assert.NotEqual(a.RunId, b.RunId);
    }

    [Fact]
    public void Customer_activity_is_zipf_skewed_like_the_definition()
    {
        const int customers = 10_000;
        const int samples = 200_000;
        var events = Generate(samples, new SyntheticOptions { RunId = "zipf", Customers = customers, ZipfExponent = 1.0 });
        var counts = events.GroupBy(e => e.CustomerId).Select(g => g.Count()).OrderByDescending(n => n).ToList();

        // Reference from the definition: P(k) = k^-s / H(N, s).
        var weights = Enumerable.Range(1, customers).Select(k => 1.0 / k).ToArray();
        var total = weights.Sum();
        var expectedTopShare = weights.Take(customers / 100).Sum() / total;
        var topShare = counts.Take(customers / 100).Sum() / (double)samples;
        Assert.InRange(topShare, expectedTopShare - 0.02, expectedTopShare + 0.02);
        Assert.True(topShare > 0.45, $"top 1 % of customers took {topShare:P1}");

        var hottest = events.Count(e => e.CustomerId == "cust-1") / (double)samples;
        Assert.InRange(hottest, weights[0] / total * 0.93, weights[0] / total * 1.07);
    }

    [Fact]
    public void Customer_attributes_are_fixed_per_customer_and_gold_is_rarest()
    {
        var events = Generate(30_000);
        foreach (var group in events.GroupBy(e => e.CustomerId))
        {
            var first = group.First().Attributes;
            Assert.All(group, e => Assert.Equal(first, e.Attributes));
        }

        var channels = Factory().Channels;
        var tiers = Enumerable.Range(1, channels.CustomerCount)
            .Select(channels.Customer)
            .GroupBy(c => c.Tier)
            .ToDictionary(g => g.Key, g => g.Count() / (double)channels.CustomerCount);
        Assert.InRange(tiers["gold"], 0.06, 0.10);
        Assert.True(tiers["gold"] < tiers["silver"] && tiers["silver"] < tiers["bronze"]);
        Assert.Equal(
            SyntheticVocabulary.Regions.Order(),
            Enumerable.Range(1, 1_000).Select(r => channels.Customer(r).Region).Distinct().Order());
    }

    [Fact]
    public void Payload_mix_follows_the_configured_shares()
    {
        const int samples = 100_000;
        var mix = PayloadMix.Default;
        var events = Generate(samples);

        foreach (var (kind, payload) in KindCases)
        {
            var share = events.Count(e => e.PayloadCase == payload) / (double)samples;
            Assert.InRange(share, mix.FractionOf(kind) - 0.01, mix.FractionOf(kind) + 0.01);
        }

        var surveysOnly = new PayloadMix { Contact = 0, Csat = 1, Nps = 3, Ces = 0, Purchase = 0, Complaint = 0 };
        var custom = Generate(20_000, new SyntheticOptions { RunId = "mix", Customers = 100, Mix = surveysOnly });
        Assert.All(custom, e => Assert.Contains(e.PayloadCase, new[] { Kind.Csat, Kind.Nps }));
        Assert.InRange(custom.Count(e => e.PayloadCase == Kind.Nps) / 20_000.0, 0.73, 0.77);
    }

    [Fact]
    public void Survey_answers_resemble_published_benchmarks()
    {
        var events = Generate(200_000);
        var nps = events.Where(e => e.Nps is not null).Select(e => e.Nps.Score).ToList();
        Assert.InRange(nps.Count(s => s >= 9) / (double)nps.Count, 0.45, 0.55);
        Assert.InRange(nps.Count(s => s is 7 or 8) / (double)nps.Count, 0.25, 0.30);
        Assert.InRange(nps.Count(s => s <= 6) / (double)nps.Count, 0.20, 0.25);

        var csat = events.Where(e => e.Csat is not null).Select(e => e.Csat.Score).ToList();
        Assert.InRange(csat.Count(s => s >= 4) / (double)csat.Count, 0.70, 0.82);

        var ces = events.Where(e => e.Ces is not null).Select(e => e.Ces.Score).ToList();
        Assert.InRange(ces.Count(s => s >= 5) / (double)ces.Count, 0.70, 0.80);
        Assert.InRange(ces.Average(), 5.0, 6.0);
    }

    [Fact]
    public void Contacts_have_realistic_waits_handle_times_fcr_and_abandons()
    {
        var contacts = Generate(200_000).Where(e => e.Contact is not null).Select(e => e.Contact).ToList();
        var answered = contacts.Where(c => !c.Abandoned).ToList();

        Assert.InRange(contacts.Count(c => c.Abandoned) / (double)contacts.Count, 0.05, 0.08);
        Assert.InRange(answered.Count(c => c.Resolved && c.FirstContact) / (double)answered.Count, 0.67, 0.73);
        Assert.InRange(Median(contacts.Select(c => c.WaitSeconds)), 30, 120);
        Assert.InRange(Median(answered.Select(c => c.HandleSeconds)), 3 * 60, 8 * 60);
        Assert.InRange(answered.Count(c => c.HandleSeconds is >= 180 and <= 480) / (double)answered.Count, 0.85, 0.95);
        Assert.InRange(answered.Count(c => c.Transfers > 0) / (double)answered.Count, 0.15, 0.30);
        Assert.True(contacts.Where(c => c.Abandoned).Average(c => c.WaitSeconds) > answered.Average(c => c.WaitSeconds));
        Assert.True(answered.Where(c => c.Resolved).Average(c => c.Sentiment) > 0);
        Assert.True(contacts.Where(c => c.Abandoned).Average(c => c.Sentiment) < 0);
        Assert.All(contacts.Where(c => c.Abandoned), c => Assert.Equal(0, c.HandleSeconds));
    }

    [Fact]
    public void Every_event_is_valid_per_the_contract()
    {
        var events = Generate(60_000);
        var oldest = Now - new SyntheticOptions().OccurredAtJitter;

        Assert.All(events, e =>
        {
            Assert.InRange(e.EventId.Length, 1, 128);
            Assert.InRange(e.CustomerId.Length, 1, 128);
            Assert.InRange(e.TouchpointId.Length, 1, 128);
            Assert.NotEqual(Channel.Unspecified, e.Channel);
            Assert.True(Enum.IsDefined(e.Channel));
            Assert.NotEqual(JourneyStage.Unspecified, e.JourneyStage);
            Assert.True(Enum.IsDefined(e.JourneyStage));
            Assert.InRange(e.OccurredAt.ToDateTimeOffset(), oldest, Now);
            Assert.InRange(e.Attributes.Count, 1, 16);
            Assert.All(e.Attributes, a =>
            {
                Assert.InRange(a.Key.Length, 1, 64);
                Assert.InRange(a.Value.Length, 1, 128);
            });
            switch (e.PayloadCase)
            {
                case Kind.Nps:
                    Assert.InRange(e.Nps.Score, 0, 10);
                    Assert.InRange(e.Nps.ReasonCodes.Count, 0, 8);
                    Assert.All(e.Nps.ReasonCodes, r => Assert.Contains(r, SyntheticVocabulary.ReasonCodes));
                    Assert.Equal(e.Nps.ReasonCodes.Count, e.Nps.ReasonCodes.Distinct().Count());
                    break;
                case Kind.Csat:
                    Assert.InRange(e.Csat.Score, 1, 5);
                    break;
                case Kind.Ces:
                    Assert.InRange(e.Ces.Score, 1, 7);
                    break;
                case Kind.Contact:
                    Assert.True(e.Contact.WaitSeconds >= 0);
                    Assert.True(e.Contact.HandleSeconds >= 0);
                    Assert.True(e.Contact.Transfers >= 0);
                    Assert.InRange(e.Contact.Sentiment, -1.0, 1.0);
                    break;
                case Kind.Purchase:
                    Assert.True(e.Purchase.Amount >= 0);
                    Assert.Matches("^[A-Z]{3}$", e.Purchase.Currency);
                    break;
                case Kind.Complaint:
                    Assert.InRange(e.Complaint.Severity, 1, 3);
                    Assert.InRange(e.Complaint.Category.Length, 1, 64);
                    break;
                default:
                    Assert.Fail($"event {e.EventId} has no payload");
                    break;
            }
        });
    }

    [Fact]
    public void Touchpoints_cover_every_channel_and_stage_and_fit_their_events()
    {
        var factory = Factory();
        var touchpoints = factory.Channels.Touchpoints;
        Assert.Equal(200, touchpoints.Count);
        Assert.Equal(200, touchpoints.Select(t => t.Id).Distinct().Count());
        Assert.Equal(8, touchpoints.Select(t => t.Channel).Distinct().Count());
        Assert.Equal(3, touchpoints.Select(t => t.Stage).Distinct().Count());
        Assert.All(touchpoints, t => Assert.InRange(t.MedianWaitSeconds, 30, 120));

        var byId = touchpoints.ToDictionary(t => t.Id);
        var events = Generate(20_000);
        Assert.All(events, e => Assert.Equal(byId[e.TouchpointId].Channel, e.Channel));
        Assert.All(
            events.Where(e => e.Contact is not null),
            e => Assert.Contains(e.Channel, new[] { Channel.Phone, Channel.Chat, Channel.Email, Channel.Social, Channel.Field }));
        Assert.All(events.Where(e => e.Purchase is not null), e =>
        {
            Assert.Contains(e.Channel, new[] { Channel.Web, Channel.App, Channel.Store });
            Assert.Equal(JourneyStage.Purchase, e.JourneyStage);
        });
    }

    [Fact]
    public void A_tiny_world_still_produces_every_payload()
    {
        var events = Generate(5_000, new SyntheticOptions { RunId = "tiny", Customers = 1, Touchpoints = 2 });

        Assert.All(events, e => Assert.Equal("cust-1", e.CustomerId));
        Assert.Equal(6, events.Select(e => e.PayloadCase).Distinct().Count());
    }

    [Theory]
    [InlineData(0, 200, "Customers")]
    [InlineData(10, 0, "Touchpoints")]
    public void Invalid_worlds_are_refused(int customers, int touchpoints, string setting)
    {
        var options = new SyntheticOptions { Customers = customers, Touchpoints = touchpoints };

        var error = Assert.Throws<ArgumentException>(() => new EventFactory(options));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static readonly (PayloadKind Kind, Kind Payload)[] KindCases =
    [
        (PayloadKind.Contact, Kind.Contact), (PayloadKind.Csat, Kind.Csat), (PayloadKind.Nps, Kind.Nps),
        (PayloadKind.Ces, Kind.Ces), (PayloadKind.Purchase, Kind.Purchase), (PayloadKind.Complaint, Kind.Complaint),
    ];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
