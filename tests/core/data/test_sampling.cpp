// Tests core/data/sampling.cpp: the five PERSOMA strategies on a hand-built history whose
// popularity and genres make every expected sample computable by hand, plus determinism and
// the frequencies of the random strategies.
#include "core/common/error.h"
#include "core/data/sampling.h"

#include <QtTest/QtTest>

#include <set>

using namespace persona::data;

namespace {

using Positions = std::vector<std::size_t>;

// Ten items; item i has popularity (7i mod 10) + 1: 1 8 5 2 9 6 3 10 7 4. Items 0-5 are genre A,
// 6-7 B, 8 C, 9 none. Users "x" and "y" watched all ten, item i at position i.
Dataset toyDataset()
{
    Dataset ds;
    ds.genres = {"A", "B", "C"};
    for (std::uint32_t i = 0; i < 10; ++i) {
        Item item;
        item.key = std::to_string(i);
        item.title = "Item " + item.key;
        if (i <= 5)
            item.genres = {0};
        else if (i <= 7)
            item.genres = {1};
        else if (i == 8)
            item.genres = {2};
        item.popularity = (7 * i) % 10 + 1;
        ds.items.push_back(item);
    }
    for (const char* key : {"x", "y"}) {
        User u;
        u.key = key;
        for (std::uint32_t i = 0; i < 10; ++i)
            u.history.push_back(Interaction{i, 4.0f, 100 + i});
        ds.users.push_back(u);
    }
    return ds;
}

} // namespace

class TestSampling : public QObject {
    Q_OBJECT
private slots:
    void names()
    {
        for (auto s : allSamplingStrategies())
            QCOMPARE(parseSampling(samplingName(s)), s);
        QCOMPARE(parseSampling("topk"), SamplingStrategy::TopKPopularity);
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, parseSampling("popular"));
    }

    void recencyAndTopK()
    {
        const Dataset ds = toyDataset();
        const HistorySampler s(ds);
        const User& u = ds.users[0];
        QCOMPARE(s.sample(u, SamplingStrategy::Recency, 3), (Positions{7, 8, 9}));
        QCOMPARE(s.sample(u, SamplingStrategy::TopKPopularity, 3), (Positions{1, 4, 7})); // popularity 8, 9, 10
        QCOMPARE(s.sample(u, SamplingStrategy::Recency, 50).size(), std::size_t(10));
        QVERIFY(s.sample(u, SamplingStrategy::Random, 0).empty());
        // Ties in popularity: the more recent item first.
        Dataset tied = ds;
        for (Item& item : tied.items)
            item.popularity = 5;
        QCOMPARE(HistorySampler(tied).sample(tied.users[0], SamplingStrategy::TopKPopularity, 2), (Positions{8, 9}));
    }

    void longTailKeepsOnlyItemsBelowTheCut()
    {
        const Dataset ds = toyDataset();
        QCOMPARE(HistorySampler(ds).longTailCut(), 9.1); // numpy.quantile([1..10], 0.9)
        SamplerConfig half;
        half.longTailQuantile = 0.5; // cut 5.5: popularity 1 5 2 3 4 at positions 0 2 3 6 9
        const HistorySampler s(ds, half);
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::LongTail, 10), (Positions{0, 2, 3, 6, 9}));
        for (std::uint64_t seed = 0; seed < 50; ++seed) {
            for (auto pos : s.sample(ds.users[0], SamplingStrategy::LongTail, 2, seed))
                QVERIFY(ds.items[pos].popularity < 5.5);
        }
    }

    void randomIsSeededUniformAndPerUser()
    {
        const Dataset ds = toyDataset();
        const HistorySampler s(ds);
        const Positions a = s.sample(ds.users[0], SamplingStrategy::Random, 4, 7);
        QCOMPARE(a.size(), std::size_t(4));
        QVERIFY(std::is_sorted(a.begin(), a.end()));
        QCOMPARE(std::set<std::size_t>(a.begin(), a.end()).size(), std::size_t(4));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Random, 4, 7), a);
        int differentSeed = 0, differentUser = 0;
        std::vector<int> hits(10, 0);
        const int trials = 4000;
        for (int seed = 0; seed < trials; ++seed) {
            const Positions p = s.sample(ds.users[0], SamplingStrategy::Random, 4, static_cast<std::uint64_t>(seed));
            differentSeed += p != a;
            differentUser += p != s.sample(ds.users[1], SamplingStrategy::Random, 4, static_cast<std::uint64_t>(seed));
            for (auto pos : p)
                ++hits[pos];
        }
        QVERIFY(differentSeed > trials * 9 / 10);
        QVERIFY(differentUser > trials * 9 / 10);
        for (int h : hits) // each position is kept with probability 0.4 (sd of the mean ~0.008)
            QVERIFY2(std::abs(h / double(trials) - 0.4) < 0.04, qPrintable(QString::number(h)));
    }

    void genreSampleFollowsTheUsersGenreDensity()
    {
        const Dataset ds = toyDataset();
        const HistorySampler s(ds);
        std::vector<int> byGenre(4, 0);
        const int trials = 6000;
        for (int seed = 0; seed < trials; ++seed) {
            const Positions p = s.sample(ds.users[0], SamplingStrategy::GenreSample, 1, static_cast<std::uint64_t>(seed));
            QCOMPARE(p.size(), std::size_t(1));
            const Item& item = ds.items[ds.users[0].history[p[0]].item];
            ++byGenre[item.genres.empty() ? 3 : item.genres[0]];
        }
        // Densities: A 6/9, B 2/9, C 1/9; the genre-less item only fills up.
        QVERIFY2(std::abs(byGenre[0] / double(trials) - 6.0 / 9) < 0.03, qPrintable(QString::number(byGenre[0])));
        QVERIFY2(std::abs(byGenre[1] / double(trials) - 2.0 / 9) < 0.03, qPrintable(QString::number(byGenre[1])));
        QVERIFY2(std::abs(byGenre[2] / double(trials) - 1.0 / 9) < 0.03, qPrintable(QString::number(byGenre[2])));
        QCOMPARE(byGenre[3], 0);
        // Nine picks take every item with a genre; ten add the genre-less one.
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::GenreSample, 9, 3), (Positions{0, 1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::GenreSample, 10, 3).size(), std::size_t(10));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::GenreSample, 5, 11), s.sample(ds.users[0], SamplingStrategy::GenreSample, 5, 11));
    }

    // Retrieval on hand-made unit vectors (dim 2): items 0 (1,0), 1 (.8,.6), 2 (.6,.8), 3 (0,1),
    // 4 (-1,0), 5-9 (0,-1); user "x" has item i at position i.
    void retrieval()
    {
        const Dataset ds = toyDataset();
        HistorySampler s(ds);
        QCOMPARE(parseSampling("rag"), SamplingStrategy::Retrieval);
        try {
            s.sample(ds.users[0], SamplingStrategy::Retrieval, 3);
            QFAIL("no ConfigError without vectors");
        } catch (const persona::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("retrieval"), e.what());
        }
        auto index = std::make_shared<RetrievalIndex>();
        index->dim = 2;
        index->items = {1, 0, .8f, .6f, .6f, .8f, 0, 1, -1, 0};
        for (int i = 5; i < 10; ++i)
            index->items.insert(index->items.end(), {0.f, -1.f});
        // Genre task: queries q0 (1,0) and q1 (0,1). Both best matches score 1 (items 0 and 3); on
        // the tie q1 goes first. Turns: q1 item 3, q0 item 0, q1 item 2, q0 item 1; then q1's next
        // are the zero scores (items 4 and 0, the later first: 4) and q0's (items 3, 5-9: 9).
        index->queries = {1, 0, 0, 1};
        s.setRetrieval(index);
        QVERIFY(s.hasRetrieval());
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 4), (Positions{0, 1, 2, 3}));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 6), (Positions{0, 1, 2, 3, 4, 9}));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 50).size(), std::size_t(10));
        // The seed changes nothing: retrieval is not random.
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 6, 7), (Positions{0, 1, 2, 3, 4, 9}));
        // Next item: no queries; the three latest (items 7-9, (0,-1) each) are the query: items 5-9
        // score 3, items 0 and 4 score 0 (the later, 4, first), items 1-3 below.
        auto next = std::make_shared<RetrievalIndex>(*index);
        next->queries.clear();
        s.setRetrieval(next);
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 5), (Positions{5, 6, 7, 8, 9}));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 6), (Positions{4, 5, 6, 7, 8, 9}));
        QCOMPARE(s.sample(ds.users[0], SamplingStrategy::Retrieval, 7), (Positions{0, 4, 5, 6, 7, 8, 9}));
        // Vectors of another dataset are refused, naming the sizes.
        auto wrong = std::make_shared<RetrievalIndex>(*index);
        wrong->items.resize(18);
        s.setRetrieval(wrong);
        try {
            s.sample(ds.users[0], SamplingStrategy::Retrieval, 3);
            QFAIL("no ConfigError for vectors that do not fit");
        } catch (const persona::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("18 values") && QString(e.what()).contains("10 items"), e.what());
        }
    }

    void emptyHistory()
    {
        Dataset ds = toyDataset();
        ds.users[0].history.clear();
        const HistorySampler s(ds);
        for (auto strategy : allSamplingStrategies())
            QVERIFY(s.sample(ds.users[0], strategy, 5, 1).empty());
    }
};

QTEST_APPLESS_MAIN(TestSampling)
#include "test_sampling.moc"
