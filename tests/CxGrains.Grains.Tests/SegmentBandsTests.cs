using CxGrains.Abstractions;
using CxGrains.Grains.Aggregates;
using CxGrains.Grains.Customers;
using CxGrains.Scoring;

namespace CxGrains.Grains.Tests;

/// <summary>
/// A segment follows customers whose band changes with time while they sleep: many random customers report as the
/// customer grain does (awake: a changed band; going to sleep: their next two band changes; waking: from where the
/// segment counts them), some get new events or are erased, hand-offs sometimes fail, reports arrive late and the
/// segment applies changes only when asked; at every step its counts per band and its at-risk list equal a
/// brute-force reference that scores every customer at that moment.
/// </summary>
[Trait("Tier", "Fast")]
public sealed class SegmentBandsTests
{
    private static readonly long Day = TimeSpan.TicksPerDay;
    private static readonly long Hour = TimeSpan.TicksPerHour;
    private static readonly long T0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    // The default model (decay only lifts the unhappy), and one whose neutral score is at risk (decay also lowers the happy).
    public static TheoryData<double, double> Models => new() { { 70, 40 }, { 75, 45 } };

    [Theory]
    [MemberData(nameof(Models))]
    public void Band_changes_ahead_are_the_first_two_a_fine_scan_finds(double healthy, double atRisk)
    {
        var model = HealthModelOptions.Default with { HealthyThreshold = healthy, AtRiskThreshold = atRisk };
        var random = new Random(17);
        var seen = 0;
        for (var run = 0; run < 200; run++)
        {
            var experience = RandomExperience(random, model, T0);
            var forecast = Forecast(experience, T0, model);

            // Scanned by the hour over 200 days: the changes found, with the band after each.
            var scanned = new List<(long At, HealthBand Band)>();
            var band = BandAt(experience, T0, model);
            for (var t = T0 + Hour; t < T0 + (200 * Day) && scanned.Count < 2; t += Hour)
            {
                var now = BandAt(experience, t, model);
                if (now != band)
                {
                    scanned.Add((t, now));
                    band = now;
                }
            }

            Assert.Equal(scanned.Count > 0 ? scanned[0].Band : 0, forecast.First);
            Assert.Equal(scanned.Count > 1 ? scanned[1].Band : 0, forecast.Second);
            if (scanned.Count > 0)
            {
                Assert.InRange(forecast.FirstAtTicks, scanned[0].At - Hour, scanned[0].At);
                seen++;
            }

            if (scanned.Count > 1)
            {
                Assert.InRange(forecast.SecondAtTicks, scanned[1].At - Hour, scanned[1].At);
            }
        }

        Assert.True(seen > 40, $"only {seen} customers change band");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Counts_and_at_risk_list_follow_sleeping_customers_as_scoring_each_one_does(double healthy, double atRisk)
    {
        var model = HealthModelOptions.Default with { HealthyThreshold = healthy, AtRiskThreshold = atRisk };
        var run = new Simulation(model, new Random(23), customers: 400, capacity: 100_000, lostAnswers: true);
        var moved = 0;
        for (var now = T0; now < T0 + (150 * Day); now += 6 * Hour)
        {
            moved += run.Step(now);

            // A read: late reports arrive, changes due are applied, and the figures equal the reference.
            run.DeliverAll();
            moved += run.Segment.ApplyDue(now);
            run.AssertMatchesReference(now);
        }

        Assert.True(moved > 40, $"only {moved} band changes were applied by the segment");
    }

    [Fact]
    public void Beyond_its_bound_a_segment_applies_the_soonest_changes_early_and_counts_stay_exact()
    {
        var model = HealthModelOptions.Default with { HealthyThreshold = 75, AtRiskThreshold = 45 };
        // No lost answers here: a segment beyond its bound may finish a hand-off early, before a take-back arrives
        // (docs/architecture.md names that case).
        var run = new Simulation(model, new Random(29), customers: 300, capacity: 10, lostAnswers: false);
        for (var now = T0; now < T0 + (60 * Day); now += 6 * Hour)
        {
            run.Step(now);
            run.DeliverAll();
            Assert.InRange(run.State.Crossings?.Count ?? 0, 0, 10);
            run.AssertEveryCustomerCountedOnce();
        }

        // No count is lost or doubled by an early move: once every announced change is behind (all data stale, every
        // customer neutral) and each customer has reported again, the figures are exact.
        var end = T0 + (400 * Day);
        run.WakeAll(end);
        run.DeliverAll();
        run.Segment.ApplyDue(end);
        run.AssertMatchesReference(end);
    }

    private static BandForecast Forecast(CustomerExperience experience, long now, HealthModelOptions model)
    {
        var next = HealthForecast.NextBandChange(experience, now, model);
        return next == HealthForecast.Never ? default : BandForecast.Of(experience, now, model, null, next);
    }

    // The band of the score rounded to 1e-9: a flip in the last bit is noise, not decay (as in HealthForecastTests).
    private static HealthBand BandAt(CustomerExperience experience, long at, HealthModelOptions model) =>
        model.BandOf(Math.Round(HealthModel.Figures(experience, at, model).Score, 9));

    private static CustomerExperience RandomExperience(Random random, HealthModelOptions model, long now)
    {
        var experience = new CustomerExperience();
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            Record(experience, random, now - (long)(random.NextDouble() * 40 * Day), model);
        }

        return experience;
    }

    private static void Record(CustomerExperience experience, Random random, long at, HealthModelOptions model)
    {
        var interaction = random.Next(4) switch
        {
            0 => Interaction.Nps(random.Next(0, 11), at),
            1 => Interaction.Csat(random.Next(1, 6), at),
            2 => Interaction.Ces(random.Next(1, 8), at),
            _ => Interaction.Complaint(random.Next(1, 4), at),
        };
        experience.Record(interaction, ServiceTarget.Default, model);
    }

    /// <summary>Customers that report to one segment as the customer grain does, with their reports in flight.</summary>
    private sealed class Simulation
    {
        private readonly HealthModelOptions _model;
        private readonly Random _random;
        private readonly Customer[] _customers;
        private readonly Queue<AggregateDelta> _inFlight = new();
        private readonly AtRiskRanking _ranking;
        private readonly bool _lostAnswers;

        public Simulation(HealthModelOptions model, Random random, int customers, int capacity, bool lostAnswers)
        {
            _lostAnswers = lostAnswers;
            _model = model;
            _random = random;
            _customers = [.. Enumerable.Range(0, customers).Select(i => new Customer($"c-{i}", RandomExperience(random, model, T0)))];
            _ranking = new AtRiskRanking(State.AtRisk, 100_000);
            Segment = new SegmentBands(State, _ranking, capacity);
        }

        public AggregateState State { get; } = new();

        public SegmentBands Segment { get; }

        /// <summary>
        /// Random events, sleeps, wakes and erasures at <paramref name="now"/>, and the band sweep of awake customers;
        /// returns how many changes the segment applied meanwhile.
        /// </summary>
        public int Step(long now)
        {
            var applied = 0;
            foreach (var c in _customers)
            {
                if (c.Erased)
                {
                    continue;
                }

                var roll = _random.NextDouble();
                if (c.Reported is null)
                {
                    Report(c, now); // joins
                }
                else if (roll < 0.01)
                {
                    Record(c.Experience, _random, now, _model);
                    Report(c, now); // an event, which also wakes a sleeping customer
                }
                else if (roll < 0.03)
                {
                    if (c.Awake)
                    {
                        Sleep(c, now);
                    }
                    else
                    {
                        Report(c, now); // woken by a read
                    }
                }
                else if (roll < 0.032)
                {
                    Erase(c, now);
                }
                else if (c.Awake)
                {
                    Report(c, now); // the band sweep: it reports only a changed band
                }
            }

            // Some reports wait for a later flush; the segment applies what is due only now and then.
            while (_inFlight.Count > 0 && _random.Next(3) > 0)
            {
                Segment.Merge(_inFlight.Dequeue());
            }

            if (_random.Next(2) == 0)
            {
                applied += Segment.ApplyDue(now);
            }

            return applied;
        }

        public void WakeAll(long now)
        {
            foreach (var c in _customers.Where(c => !c.Erased))
            {
                Report(c, now);
            }
        }

        public void DeliverAll()
        {
            while (_inFlight.TryDequeue(out var delta))
            {
                Segment.Merge(delta);
            }
        }

        public void AssertEveryCustomerCountedOnce()
        {
            var counts = State.Health;
            Assert.True(counts.Healthy >= 0 && counts.AtRisk >= 0 && counts.Critical >= 0, $"a negative count: {counts}");
            Assert.Equal(_customers.Count(c => !c.Erased), counts.Healthy + counts.AtRisk + counts.Critical);
        }

        /// <summary>
        /// Counts and at-risk list equal every customer scored now, except a sleeping customer whose hand-off failed:
        /// it stays where it was last reported until it wakes.
        /// </summary>
        public void AssertMatchesReference(long now)
        {
            var expected = default(BandCounts);
            var listed = new Dictionary<string, HealthBand>();
            foreach (var c in _customers.Where(c => !c.Erased))
            {
                var band = !c.Awake && !c.HandedOff ? c.Reported!.Value : BandAt(c.Experience, now, _model);
                expected = expected.Add(band, 1);
                if (band != HealthBand.Healthy)
                {
                    listed[c.Id] = band;
                }
            }

            Assert.Equal(expected, State.Health);
            Assert.Equal(
                listed.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
                State.AtRisk.Select(e => KeyValuePair.Create(e.Key, e.Value.Band)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
        }

        // As CustomerHealthReporter.Report: a changed band (or one that may differ from where the segment moved the
        // customer: changes still ahead) is reported, named while the segment may hold changes of the customer, else summed.
        private void Report(Customer c, long now)
        {
            var figures = HealthModel.Figures(c.Experience, now, _model);
            var band = BandAt(c.Experience, now, _model);
            var sent = c.Sent;
            var counted = c.Reported is { } r ? sent.BandAt(r, now) : (HealthBand?)null;
            c.Awake = true;
            c.HandedOff = false;
            if (counted == band && !sent.After(now).Any)
            {
                c.Reported = band;
                c.Sent = default;
                return;
            }

            HealthBand? from = c.Reported is { } reported ? sent.FinalOr(reported) : null;
            var listed = c.Reported is HealthBand.AtRisk or HealthBand.Critical || sent.ListsAtRisk;
            var entry = band == HealthBand.Healthy ? null : Listing(c, figures.Score, band, figures.ChurnRisk);
            var delta = new AggregateDelta
            {
                AtRiskUpserts = entry is null ? [] : [entry],
                AtRiskRemovals = entry is null && listed ? [c.Id] : [],
            };

            if (sent.Any)
            {
                delta = delta with { BandReports = [new BandReport { CustomerId = c.Id, From = from, To = band }] };
            }
            else
            {
                var change = default(BandCounts).Add(band, 1);
                delta = delta with { BandChange = from is { } f ? change.Add(f, -1) : change };
            }

            _inFlight.Enqueue(delta);
            c.Reported = band;
            c.Sent = default;
        }

        // As CustomerGrain going to sleep: report, then hand the changes ahead over at once, with what is still in
        // flight before them. One in ten hand-offs does not arrive and is taken back by a report without changes, which
        // travels like any other; with lost answers on, one in ten arrives but its answer is lost, and the take-back
        // follows it before the segment's next move.
        private void Sleep(Customer c, long now)
        {
            Report(c, now);
            c.Awake = false;
            var forecast = Forecast(c.Experience, now, _model);
            if (!forecast.Any)
            {
                return;
            }

            var handOff = new BandReport
            {
                CustomerId = c.Id,
                From = c.Reported,
                To = c.Reported,
                First = Crossing(c, forecast.FirstAtTicks, forecast.First),
                Second = Crossing(c, forecast.SecondAtTicks, forecast.Second),
            };
            var takeBack = handOff.WithoutCrossings();
            switch (_random.Next(10))
            {
                case 0:
                    _inFlight.Enqueue(new AggregateDelta { BandReports = [takeBack] });
                    break;
                case 1 when _lostAnswers:
                    DeliverAll();
                    Segment.Merge(new AggregateDelta { BandReports = [handOff] });
                    Segment.Merge(new AggregateDelta { BandReports = [takeBack] });
                    break;
                default:
                    DeliverAll();
                    Segment.Merge(new AggregateDelta { BandReports = [handOff] });
                    c.Sent = forecast;
                    c.HandedOff = true;
                    break;
            }
        }

        // As CustomerGrain.Erase: reports in flight go first, then the customer leaves from its last announced band.
        private void Erase(Customer c, long now)
        {
            DeliverAll();
            var last = c.Sent.FinalOr(c.Reported!.Value);
            Segment.Merge(new AggregateDelta { BandReports = [new BandReport { CustomerId = c.Id, From = last }], AtRiskRemovals = [c.Id] });
            Segment.ApplyDue(now);
            c.Erased = true;
        }

        private BandCrossing Crossing(Customer c, long at, HealthBand band)
        {
            if (band == 0)
            {
                return BandCrossing.None;
            }

            var figures = HealthModel.Figures(c.Experience, at, _model);
            return new BandCrossing(at, band, band == HealthBand.Healthy ? null : Listing(c, figures.Score, band, figures.ChurnRisk));
        }

        private static AtRiskEntry Listing(Customer c, double score, HealthBand band, double churnRisk) => new()
        {
            CustomerId = c.Id,
            HealthScore = score,
            Band = band,
            ChurnRisk = churnRisk,
            ValueTier = "",
            Priority = churnRisk,
        };
    }

    private sealed class Customer(string id, CustomerExperience experience)
    {
        public string Id { get; } = id;

        public CustomerExperience Experience { get; } = experience;

        public HealthBand? Reported { get; set; }

        public BandForecast Sent { get; set; }

        public bool Awake { get; set; }

        public bool HandedOff { get; set; }

        public bool Erased { get; set; }
    }
}
