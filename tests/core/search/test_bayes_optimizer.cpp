// Tests core/search/bayes_optimizer on synthetic problems: BO beats random search with the same
// budget over 5 seeds on Branin hidden in 30 dimensions and on two-objective ZDT1 (hypervolume);
// plus determinism, cancellation, failed trials, the MiLP space and bad options. The numbers for
// docs/results.md come from test_bayes_benchmark (label slow), which runs the same code longer.
#include "core/common/error.h"
#include "search_problems.h"

#include <QtTest/QtTest>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>

using namespace persona;
using namespace persona::search;
using namespace search_problems;

class TestBayesOptimizer : public QObject {
    Q_OBJECT

private slots:
    void beatsRandomOnSparseBranin30d()
    {
        // 30 evaluations (10 random + 20 BO) of a 30-D function with 2 effective dimensions.
        double boSum = 0.0, rndSum = 0.0;
        int wins = 0;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            const RunSummary bo = runBranin(seed, false, 10, 30), rnd = runBranin(seed, true, 10, 30);
            qInfo("seed %d: BO best %.3f, random best %.3f (model %.1f s)", int(seed), bo.best, rnd.best, bo.modelSeconds);
            boSum += bo.best;
            rndSum += rnd.best;
            wins += bo.best < rnd.best;
        }
        qInfo("Branin-30D mean best over 5 seeds: BO %.3f, random %.3f (optimum %.3f), BO wins %d/5", boSum / 5,
              rndSum / 5, kBraninMin, wins);
        QVERIFY2(boSum < rndSum, "BO's mean best is not below random search's");
        QVERIFY2(wins >= 4, "BO beats random search in fewer than 4 of 5 seeds");
    }

    void beatsRandomOnZdt1Hypervolume()
    {
        // 20 evaluations (6 random + 14 BO), reference point (11, 11).
        double boSum = 0.0, rndSum = 0.0;
        int wins = 0;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            const RunSummary bo = runZdt(seed, false, 6, 20), rnd = runZdt(seed, true, 6, 20);
            qInfo("seed %d: BO HV %.3f, random HV %.3f (model %.1f s)", int(seed), bo.hypervolume, rnd.hypervolume,
                  bo.modelSeconds);
            boSum += bo.hypervolume;
            rndSum += rnd.hypervolume;
            wins += bo.hypervolume > rnd.hypervolume;
        }
        qInfo("ZDT1-%dD mean hypervolume over 5 seeds: BO %.3f, random %.3f (max %.3f), BO wins %d/5", kZdtDim,
              boSum / 5, rndSum / 5, kZdtMaxHv, wins);
        QVERIFY2(boSum > rndSum, "BO's mean hypervolume is not above random search's");
        QVERIFY2(wins >= 4, "BO beats random search in fewer than 4 of 5 seeds");
    }

    void deterministicPerSeedAndRecordsEverything()
    {
        int calls = 0;
        bool indicesInOrder = true;
        std::vector<double> hvSeen;
        auto run = [&](std::uint64_t seed) -> SearchResult {
            calls = 0;
            hvSeen.clear();
            BoxSpace space(4);
            BayesOptions o;
            o.seed = seed;
            o.initialTrials = 3;
            o.totalTrials = 6;
            o.randomCandidates = o.localCandidates = 64;
            o.refineCandidates = 32;
            o.mcSamples = 32;
            return runBayesSearch(
                space, {{"a", Direction::Minimise}, {"b", Direction::Maximise}},
                [](const Point& x, int) { return std::vector<double>{x[0] + x[1], x[2] - x[0]}; }, o,
                [&](const Trial& t, const SearchResult& soFar) {
                    ++calls;
                    indicesInOrder = indicesInOrder && t.index + 1 == int(soFar.trials.size());
                    hvSeen.push_back(t.hypervolume);
                });
        };
        const SearchResult a = run(9);
        QCOMPARE(calls, 6);
        QVERIFY(indicesInOrder);
        // Trials 1 and 2 report against a provisional reference (the final one is fixed at trial 3).
        QVERIFY(std::isfinite(hvSeen[0]) && std::isfinite(hvSeen[1]) && hvSeen[0] > 0.0);
        QCOMPARE(std::vector<double>(hvSeen.begin() + 2, hvSeen.end()),
                 std::vector<double>(a.hypervolumes.begin() + 2, a.hypervolumes.end()));
        const SearchResult b = run(9), c = run(10);
        QCOMPARE(a.trials.size(), std::size_t(6));
        for (std::size_t i = 0; i < a.trials.size(); ++i) {
            QCOMPARE(a.trials[i].x, b.trials[i].x);
            QCOMPARE(a.trials[i].initial, i < 3);
        }
        QVERIFY(a.trials[0].x != c.trials[0].x);
        QCOMPARE(a.referencePoint.size(), std::size_t(2));
        // Hypervolume never decreases, the chosen trial is on the front.
        for (std::size_t i = 1; i < a.hypervolumes.size(); ++i)
            QVERIFY(a.hypervolumes[i] >= a.hypervolumes[i - 1]);
        QVERIFY(std::find(a.paretoFront.begin(), a.paretoFront.end(), a.chosen) != a.paretoFront.end());
    }

    void cancellationAndFailedTrials()
    {
        BoxSpace space(3);
        BayesOptions o;
        o.initialTrials = 2;
        o.totalTrials = 10;
        std::atomic<int> calls{0};
        auto r = runBayesSearch(
            space, {{"f", Direction::Maximise}},
            [&](const Point& x, int t) {
                ++calls;
                return std::vector<double>{t == 1 ? std::nan("") : x[0]};
            },
            o, {}, [&] { return calls.load() >= 4; });
        QVERIFY(r.cancelled);
        QCOMPARE(r.trials.size(), std::size_t(4));
        QVERIFY(std::isnan(r.trials[1].objectives[0]));
        QVERIFY(std::find(r.paretoFront.begin(), r.paretoFront.end(), 1) == r.paretoFront.end());
        // An objective that throws CancelledError stops the search the same way.
        auto r2 = runBayesSearch(space, {{"f", Direction::Maximise}},
                                 [](const Point&, int t) -> std::vector<double> {
                                     if (t == 2)
                                         throw CancelledError();
                                     return {1.0};
                                 },
                                 o);
        QVERIFY(r2.cancelled);
        QCOMPARE(r2.trials.size(), std::size_t(2));
    }

    void hypervolumeStaysFiniteAndFailuresHaveReasons()
    {
        // Trial 0 diverges (inf), trial 1 throws TrialFailure, BO trial 5 returns NaN: every reported
        // hypervolume is finite (0 before any success, provisional before the reference is fixed),
        // failed trials carry their reason and stay off the front, and timings add up.
        BoxSpace space(3);
        BayesOptions o;
        o.initialTrials = 4;
        o.totalTrials = 7;
        o.randomCandidates = o.localCandidates = 64;
        o.refineCandidates = 32;
        o.mcSamples = 32;
        std::vector<Trial> seen;
        const auto r = runBayesSearch(
            space, {{"loss", Direction::Minimise}, {"metric", Direction::Maximise}},
            [](const Point& x, int t) -> std::vector<double> {
                if (t == 0)
                    return {std::numeric_limits<double>::infinity(), 0.5};
                if (t == 1)
                    throw TrialFailure("training diverged at step 2");
                if (t == 5)
                    return {1.0, std::nan("")};
                return {x[0] + x[1], x[2]};
            },
            o, [&](const Trial& t, const SearchResult&) { seen.push_back(t); });
        QCOMPARE(seen.size(), std::size_t(7));
        for (const auto& t : seen) {
            QVERIFY2(std::isfinite(t.hypervolume), ("trial " + std::to_string(t.index)).c_str());
            QVERIFY(t.gpSeconds >= 0.0 && t.acquisitionSeconds >= 0.0 && t.objectiveSeconds >= 0.0);
            QVERIFY(t.gpSeconds + t.acquisitionSeconds + t.objectiveSeconds <= t.wallSeconds);
        }
        QCOMPARE(seen[0].hypervolume, 0.0);
        QCOMPARE(seen[1].hypervolume, 0.0);
        QVERIFY(seen[2].hypervolume > 0.0);
        QVERIFY2(seen[0].failure.find("loss = inf") != std::string::npos, seen[0].failure.c_str());
        QCOMPARE(seen[1].failure, std::string("training diverged at step 2"));
        QVERIFY(std::isnan(r.trials[1].objectives[0]) && std::isnan(r.trials[1].objectives[1]));
        QVERIFY2(seen[5].failure.find("metric = nan") != std::string::npos, seen[5].failure.c_str());
        QVERIFY(seen[2].failure.empty() && seen[4].failure.empty());
        QCOMPARE(seen[5].hypervolume, seen[4].hypervolume); // a failure adds nothing
        QVERIFY(!seen[4].initial && seen[4].gpSeconds > 0.0 && seen[4].acquisitionSeconds > 0.0);
        QCOMPARE(seen[4].modelSeconds, seen[4].gpSeconds + seen[4].acquisitionSeconds);
        for (int i : r.paretoFront)
            QVERIFY(i != 0 && i != 1 && i != 5);
        for (double hv : r.hypervolumes)
            QVERIFY(std::isfinite(hv));
        QCOMPARE(r.referencePoint.size(), std::size_t(2));
        // A search where every trial fails still reports hypervolume 0, not NaN.
        o.totalTrials = 2;
        const auto none = runBayesSearch(space, {{"f", Direction::Maximise}},
                                         [](const Point&, int) -> std::vector<double> { throw TrialFailure("no data"); }, o);
        QCOMPARE(none.hypervolumes, std::vector<double>({0.0, 0.0}));
        QCOMPARE(none.chosen, -1);
        QVERIFY(none.referencePoint.empty());
        o.referencePoint = {std::nan("")};
        QVERIFY_THROWS_EXCEPTION(ConfigError, runBayesSearch(space, {{"f", Direction::Maximise}},
                                                             [](const Point& x, int) { return std::vector<double>{x[0]}; }, o));
    }

    void searchesTheMilpSpace()
    {
        // A synthetic MiLP-like objective: loss falls with layers 10..14 active and rank 32, the
        // metric rises with the count up to 8. BO never repeats a configuration.
        MilpSpaceOptions so;
        so.layerCount = 16;
        so.countMax = 16;
        MilpSpace space(so);
        BayesOptions o;
        o.initialTrials = 4;
        o.totalTrials = 10;
        o.chooseObjective = 1;
        o.randomCandidates = o.localCandidates = 128;
        auto r = runBayesSearch(
            space, {{"loss", Direction::Minimise}, {"metric", Direction::Maximise}},
            [&](const Point& x, int) {
                const MilpConfig c = space.decode(x);
                double hits = 0;
                for (int l = 10; l < 15; ++l)
                    hits += c.activeLayers[static_cast<std::size_t>(l)];
                return std::vector<double>{3.0 - 0.3 * hits + 0.01 * std::abs(c.rank - 32),
                                           -std::abs(c.loraCount - 8) + 0.1 * hits};
            },
            o);
        std::set<Point> distinct;
        for (const auto& t : r.trials)
            distinct.insert(t.x);
        QCOMPARE(distinct.size(), r.trials.size());
        QVERIFY(r.chosen >= 0);
        QVERIFY(!r.trials[static_cast<std::size_t>(r.chosen)].description.empty());
        QCOMPARE(r.relevance.size(), std::size_t(2));
        QCOMPARE(r.relevance[0].size(), std::size_t(space.dimension()));
    }

    void badOptionsAreConfigErrors()
    {
        BoxSpace space(2);
        auto f = [](const Point&, int) { return std::vector<double>{1.0}; };
        BayesOptions o;
        QVERIFY_THROWS_EXCEPTION(ConfigError, runBayesSearch(space, {}, f, o));
        o.referencePoint = {1.0, 2.0};
        QVERIFY_THROWS_EXCEPTION(ConfigError, runBayesSearch(space, {{"f", Direction::Maximise}}, f, o));
        o.referencePoint.clear();
        o.totalTrials = 0;
        QVERIFY_THROWS_EXCEPTION(ConfigError, runBayesSearch(space, {{"f", Direction::Maximise}}, f, o));
        o.totalTrials = 3;
        o.device = "teapot";
        QVERIFY_THROWS_EXCEPTION(ConfigError, runBayesSearch(space, {{"f", Direction::Maximise}}, f, o));
        o.device = "cpu";
        QVERIFY_THROWS_EXCEPTION(ShapeError,
                                 runBayesSearch(space, {{"a", Direction::Maximise}, {"b", Direction::Maximise}}, f, o));
    }
};

QTEST_APPLESS_MAIN(TestBayesOptimizer)
#include "test_bayes_optimizer.moc"
